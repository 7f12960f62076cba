#pragma once

//!\file
//!\brief TSV writers: summary.tsv, calls.tsv, mutations.tsv, linkage.tsv, consensus.fasta (columns documented in the README).
//!
//! Fixed column order, one header line, '\n' line ends, numbers formatted independently of the
//! locale, free text with tabs/newlines replaced by spaces.

#include <string>

#include <hbvdr/report/model.hpp>

namespace hbvdr
{

std::string summary_header();
void append_summary_row(std::string & out, sample_report const & s);

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

//!\brief Amino-acid text of a call as in calls.tsv ("M", "IM", "-" deleted, "" not covered).
std::string aa_text(codon_call const & c);

//!\brief Amino-acid frequencies as "M:0.9180;V:0.0820" (alphabetical, '*' last, four decimals).
std::string freq_text(codon_call const & c);

} // namespace hbvdr
