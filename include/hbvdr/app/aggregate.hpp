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
 * refused (input_error). Per-sample report files are copied; two runs producing the same report file
 * name are refused. Outputs are written atomically.
 */
void aggregate_runs(std::vector<std::filesystem::path> const & runs,
                    std::filesystem::path const & out_dir,
                    std::ostream & log);

} // namespace hbvdr
