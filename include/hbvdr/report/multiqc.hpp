#pragma once

//!\file
//!\brief MultiQC custom-content files, picked up by `multiqc` with no configuration.
//!
//! Two files (MultiQC finds `*_mqc.tsv` by name; the `#` lines are its YAML section config):
//! `hbvdr_general_stats_mqc.tsv` (plot_type generalstats: genotype, distance, QC status, RT
//! mutation count, one column per drug level) and `hbvdr_drug_levels_mqc.tsv` (plot_type table:
//! per-drug levels with the mutations responsible).

#include <string>
#include <vector>

#include <hbvdr/report/model.hpp>

namespace hbvdr
{

std::string multiqc_general_stats_header(std::vector<std::string> const & drugs, std::string const & db_label);
void append_multiqc_general_stats(std::string & out, sample_report const & s, std::vector<std::string> const & drugs);

std::string multiqc_drug_table_header(std::vector<std::string> const & drugs, std::string const & db_label);
void append_multiqc_drug_table(std::string & out, sample_report const & s, std::vector<std::string> const & drugs);

} // namespace hbvdr
