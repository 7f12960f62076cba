#pragma once

//!\file
//!\brief TSV writers: summary.tsv, calls.tsv, mutations.tsv, linkage.tsv, consensus.fasta (columns documented in the
//! README).
//!
//! Fixed column order, one header line, '\n' line ends, numbers formatted independently of the
//! locale, free text with tabs/newlines replaced by spaces.

#include <string>
#include <vector>

#include <hbvdr/report/model.hpp>

namespace hbvdr
{

//!\brief Header; `drugs` are the interpreted drug codes (one level column each, database order).
std::string summary_header(std::vector<std::string> const & drugs);
void append_summary_row(std::string & out, sample_report const & s, std::vector<std::string> const & drugs);

std::string drugs_header();
//!\brief One row per sample x interpreted drug (nothing for unanalysed samples or without a database).
void append_drug_rows(std::string & out, sample_report const & s);

//!\brief "rtL180M, rtM204V 8.3%".
std::string mutation_list(std::vector<observed_mutation> const & ms);

std::string calls_header();
//!\brief One row per gene x position (rt1-rt344, s1-s226); nothing for a sample with status error.
void append_call_rows(std::string & out, sample_report const & s);

//!\brief Columns end with `freq` (4 decimals) and `depth`, filled for NGS samples only.
std::string mutations_header();
void append_mutation_rows(std::string & out, sample_report const & s);

//!\brief linkage.tsv: sample, positions ("180,204"), haplotype ("M,V"), count, depth, freq (NGS samples).
std::string linkage_header();
void append_linkage_rows(std::string & out, sample_report const & s);

//!\brief consensus.fasta record of an NGS sample (nothing for other samples).
void append_consensus_record(std::string & out, sample_report const & s);

//!\brief Mutation label as listed in summaries: "rtM204V", or "rtM204V(8.3%)" for an NGS minority variant.
std::string mutation_display(mutation_row const & r);

//!\brief "C (2.1%)", "unassigned (nearest C, 9.3%)", or "-" for an unanalysed sample.
std::string genotype_display(sample_report const & s);

/*!\brief The same text from its parts: `genotype` ("C" or "unassigned"), the nearest genotype ('?'
 * or ' ' if none) and the distance. The percentage is derived from the distance as results.json
 * stores it (stored_distance()), so that a run, a resumed run and an aggregate, which read it back
 * from there, show the same text.
 */
std::string genotype_display(std::string const & genotype, char nearest, double distance);

//!\brief A genotype distance as results.json stores it: rounded to 6 decimals.
double stored_distance(double distance);

//!\brief The RT codons covered, "rt169-rt250", or "none" (first = 0: no RT codon called).
std::string rt_range_text(int first, int last);

//!\brief Amino-acid text of a call as in calls.tsv ("M", "IM", "-" deleted, "" not covered).
std::string aa_text(codon_call const & c);

//!\brief Amino-acid frequencies as "M:0.9180;V:0.0820" (alphabetical, '*' last, four decimals).
std::string freq_text(codon_call const & c);

} // namespace hbvdr
