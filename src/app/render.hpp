#pragma once

//!\file
//!\brief Private to app: one sample's piece of every output of `hbvdr analyze` (its rows of the
//! tables, its results.json entry, its MultiQC rows, its console line or report) from its report.

#include <string>
#include <vector>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/report/json_report.hpp>
#include <hbvdr/report/model.hpp>
#include <hbvdr/report/report_options.hpp>

#include "resume_part.hpp"

namespace hbvdr::detail
{

//!\brief How a run renders its samples.
struct render_settings
{
    std::vector<std::string> drug_codes;        //!< Interpreted drugs in database order (the drug columns).
    report_options report;                      //!< For the text and HTML reports.
    json_options json;                          //!< For the results.json entry.
    stdout_report console{stdout_report::none}; //!< --report: the report printed on the output stream.
    bool print_summary{false}; //!< Without --report: a readable summary line per sample on the output stream.
};

//!\brief Every output text of one sample and its status (fragments::files and ::reused are left
//! empty). The report's files (sample_report::report_files) are named before.
fragments render_sample(sample_report const & rep, render_settings const & s);

} // namespace hbvdr::detail
