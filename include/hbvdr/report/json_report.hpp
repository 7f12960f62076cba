#pragma once

//!\file
//!\brief results.json: one JSON document per run, streamed one sample at a time.
//!
//! Layout: {"schema_version", "tool", "reference_data", "parameters", "samples": [ ... ]}, each
//! sample on one line. Key order is fixed; numbers are rounded to 6 decimals. Per-position calls
//! are encoded losslessly and compactly by default (rt_nucleotides + coverage + mutations +
//! positions not called); `full_calls` adds an array per gene of [pos, ref_aa, aa, codon, status].

#include <string>
#include <vector>

#include <hbvdr/report/model.hpp>

namespace hbvdr
{

inline constexpr std::string_view json_schema_version = "1.1.0";

struct json_options
{
    bool full_calls{false};
};

//!\brief What the run header records (no timestamps, host names or absolute paths).
struct run_metadata
{
    std::string tool_version;
    std::string reference_manifest_sha256;
    std::string db_name, db_version, db_release_date, db_manifest_sha256; //!< Empty without a database.
    std::vector<std::pair<std::string, std::string>> parameters;          //!< Name/value, in a fixed order.
};

std::string json_run_prefix(run_metadata const & meta);
std::string json_sample(sample_report const & s, json_options const & opts);
std::string json_run_suffix();

} // namespace hbvdr
