//!\file
//!\brief Where hbvdr finds its installed data (see hbvdr/app/locations.hpp).

#include <cstdlib>

#include <hbvdr/app/locations.hpp>
#include <hbvdr/core/bundled.hpp>
#include <hbvdr/core/error.hpp>

namespace hbvdr
{

std::filesystem::path resolve_data_dir(std::optional<std::filesystem::path> const & explicit_dir)
{
    if (explicit_dir)
        return *explicit_dir;
    if (char const * env = std::getenv("HBVDR_DATA_DIR"); env != nullptr && *env != '\0')
        return env;
    if (std::optional<std::filesystem::path> const bundled = find_bundled_dir("data", "manifest.tsv"))
        return *bundled;
    throw data_error{"no reference data found (looked in " + bundled_search_places("data")
                     + "): give --data-dir DIR or set HBVDR_DATA_DIR"};
}

} // namespace hbvdr
