#pragma once

//!\file
//!\brief Where hbvdr finds its installed data: the reference data directory (and, once it moves here,
//! the mutation database release; resolve_db_dir() is declared in hbvdr/mutdb/mutdb.hpp for now).

#include <filesystem>
#include <optional>

namespace hbvdr
{

//!\brief Locate data/: the explicit path, else $HBVDR_DATA_DIR, else the bundled data/ (find_bundled_dir():
//! <exe dir>/../share/hbvdr/data, or the source tree from a build tree). Throws data_error if none is found.
std::filesystem::path resolve_data_dir(std::optional<std::filesystem::path> const & explicit_dir);

} // namespace hbvdr
