#pragma once

//!\file
//!\brief What `hbvdr --version` prints.

#include <string>

namespace hbvdr
{

/*!\brief The tool version (with the git revision when built from git), then the mutation database
 * release and the reference data that a run without --db/--data-dir would use (resolve_db_dir(),
 * resolve_data_dir(): environment, installed copy, build tree), each with its version and directory,
 * or the reason it is unusable. Loads and verifies both; never throws. Three lines, no final newline.
 */
std::string version_report();

} // namespace hbvdr
