#pragma once

//!\file
//!\brief `hbvdr aggregate`: merge the output directories of several runs (e.g. the chunks of a
//! workflow) into one, byte-identical to a single run over the same inputs.

#include <filesystem>
#include <iosfwd>
#include <vector>

namespace hbvdr
{

/*!\brief Concatenate the tables of `runs` (in the given order) into `out_dir`.
 *
 * Every table must have the same header in every run, and results.json the same header (tool
 * version, reference data, mutation database, parameters): runs made with different settings are
 * refused (input_error). The tables are those the first run's manifest lists; each sample of
 * results.json is read back through checked accessors (a missing or mistyped field is an
 * input_error naming the file, sample and field); the report files copied are those the samples
 * name, never others found in a run's reports/; two runs producing the same report file name are
 * refused. `out_dir` is a run_directory: locked, and written all or nothing.
 */
void aggregate_runs(std::vector<std::filesystem::path> const & runs,
                    std::filesystem::path const & out_dir,
                    std::ostream & log);

} // namespace hbvdr
