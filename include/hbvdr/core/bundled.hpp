#pragma once

//!\file
//!\brief Where the directories shipped with hbvdr (data/, mutation-db/) are found, relative to the executable.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hbvdr
{

//!\brief Name of the file CMake writes beside the build tree's binary (never installed): one line,
//! the absolute path of the source tree whose data/ and mutation-db/ that binary uses.
inline constexpr std::string_view build_tree_marker = "hbvdr-source-dir";

/*!\brief Locate a bundled directory `name` ("data" or "mutation-db") for the executable `exe`.
 *
 * Looked for, in this order:
 * 1. `<exe dir>/../share/hbvdr/<name>`: an installed hbvdr (`cmake --install`, the Debian package);
 * 2. `<source>/<name>`, where `<source>` is the path in `<exe dir>/hbvdr-source-dir`: only a binary
 *    in its build tree has that file, so an installed binary never reaches a build or source path.
 *
 * A candidate counts if it is a directory holding `required` (a file name; empty: any directory).
 * Returns nullopt when neither exists. Never throws.
 */
std::optional<std::filesystem::path>
find_bundled_dir(std::string_view name, std::string_view required, std::filesystem::path const & exe);

//!\brief find_bundled_dir() for the running program (/proc/self/exe).
std::optional<std::filesystem::path> find_bundled_dir(std::string_view name, std::string_view required);

//!\brief The places find_bundled_dir() looks for `name` for the running program, for error messages.
std::string bundled_search_places(std::string_view name);

} // namespace hbvdr
