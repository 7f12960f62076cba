#pragma once

//!\file
//!\brief MultiQC custom-content files, picked up by `multiqc` with no configuration.
//!
//! Per sample, two files (MultiQC finds `*_mqc.tsv` by name; the `#` lines are its YAML section config):
//! `hbvdr_general_stats_mqc.tsv` (plot_type generalstats: genotype, distance, QC status, RT
//! mutation count, one column per drug level) and `hbvdr_drug_levels_mqc.tsv` (plot_type table:
//! per-drug levels with the mutations responsible); for the run's cohort (cohort.hpp),
//! `hbvdr_cohort_levels_mqc.tsv` (plot_type bargraph) and `hbvdr_cohort_mutations_mqc.tsv` (table).

#include <string>
#include <vector>

#include <hbvdr/report/cohort.hpp>
#include <hbvdr/report/model.hpp>

namespace hbvdr
{

std::string multiqc_general_stats_header(std::vector<std::string> const & drugs, std::string const & db_label);
void append_multiqc_general_stats(std::string & out, sample_report const & s, std::vector<std::string> const & drugs);

std::string multiqc_drug_table_header(std::vector<std::string> const & drugs, std::string const & db_label);
void append_multiqc_drug_table(std::string & out, sample_report const & s, std::vector<std::string> const & drugs);

//!\brief The cohort (cohort.hpp) as a bar graph: samples at each level, one bar per drug
//!(`hbvdr_cohort_levels_mqc.tsv`).
std::string multiqc_cohort_levels(cohort_counts const & cohort, std::string const & db_label);
//!\brief The cohort's resistance mutations as a table: majority, minority, total carriers
//!(`hbvdr_cohort_mutations_mqc.tsv`).
std::string multiqc_cohort_mutations(cohort_counts const & cohort, std::string const & db_label);

} // namespace hbvdr
