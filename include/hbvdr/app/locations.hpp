#pragma once

//!\file
//!\brief Where hbvdr finds its installed data: the reference data directory and the mutation database release.

#include <filesystem>
#include <optional>

namespace hbvdr
{

//!\brief Locate data/: the explicit path, else $HBVDR_DATA_DIR, else the bundled data/ (find_bundled_dir():
//! <exe dir>/../share/hbvdr/data, or the source tree from a build tree). Throws data_error if none is found.
[[nodiscard]] std::filesystem::path resolve_data_dir(std::optional<std::filesystem::path> const & explicit_dir);

//!\brief Locate the database: the explicit path, else $HBVDR_DB, else the bundled mutation-db/
//! (find_bundled_dir(): <exe dir>/../share/hbvdr/mutation-db, or the source tree from a build tree).
//! A release directory (with manifest.tsv) is taken as is; from a directory of releases, the newest.
//! Throws data_error if nothing is given and no bundled copy is found.
[[nodiscard]] std::filesystem::path resolve_db_dir(std::optional<std::filesystem::path> const & explicit_dir);

} // namespace hbvdr
