#pragma once

// Samples for the clinician-report tests: constructed and real sequences run through the
// pipeline with the shipped database, a hand-built NGS sample, and report options pinned so the
// goldens do not change with the tool version.

#include <filesystem>
#include <string>

#include <hbvdr/report/model.hpp>
#include <hbvdr/report/report_options.hpp>

namespace hbvdr::test
{

//!\brief report_options_for(db()) with tool_version "test".
report_options report_test_options();

//!\brief Record `name` of a FASTA file analysed with the database; input shown as the file name.
sample_report
report_sample(std::filesystem::path const & fasta, std::string const & name, treatment_context const & ctx = {});

//!\brief Genotype C with rtL180M (majority) and rtM204V at 8.3 % (minority); depth on every codon, a dip to 150 over
//! rt120-rt130.
sample_report ngs_sample();

//!\brief Compare `actual` with tests/golden/reports/<name> byte for byte (HBVDR_UPDATE_GOLDEN=1 rewrites it).
void check_report_golden(std::string const & name, std::string const & actual);

//!\brief Terminal columns of a UTF-8 line (one per code point).
std::size_t text_columns(std::string const & line);

} // namespace hbvdr::test
