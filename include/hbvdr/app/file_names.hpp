#pragma once

//!\file
//!\brief Sample names (from input files, untrusted) -> safe, unique file names.

#include <string>
#include <string_view>
#include <unordered_set>

namespace hbvdr
{

/*!\brief A file-name stem that is safe on any file system: only [A-Za-z0-9._-] survive (others become
 * '_'), no leading '.' or '-', at most 96 characters, never empty, "." or "..". Never a path.
 */
std::string safe_file_stem(std::string_view name);

//!\brief Hands out stems that are unique (compared case-insensitively, for case-insensitive file systems).
class file_stem_registry
{
public:
    //!\brief The safe stem of `name`, with "~2", "~3", … appended if an earlier sample took it.
    std::string assign(std::string_view name);

private:
    std::unordered_set<std::string> m_used; // lower case
};

} // namespace hbvdr
