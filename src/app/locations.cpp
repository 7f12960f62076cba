//!\file
//!\brief Where hbvdr finds its installed data (see hbvdr/app/locations.hpp).

#include <cstdlib>

#include <hbvdr/app/locations.hpp>
#include <hbvdr/core/bundled.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>

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

std::filesystem::path resolve_db_dir(std::optional<std::filesystem::path> const & explicit_dir)
{
    std::filesystem::path base;
    if (explicit_dir)
        base = *explicit_dir;
    else if (char const * env = std::getenv("HBVDR_DB"); env != nullptr && *env != '\0')
        base = env;
    else if (std::optional<std::filesystem::path> const bundled = find_bundled_dir("mutation-db", ""))
        base = *bundled;
    else
        throw data_error{"no mutation database found (looked in " + bundled_search_places("mutation-db")
                         + "): give --db DIR or set HBVDR_DB"};
    std::error_code ec;
    if (std::filesystem::exists(base / "manifest.tsv", ec))
        return base;
    // A directory of releases: take the newest version (name-YYYY.N, compared numerically).
    std::filesystem::path best;
    std::pair<long long, long long> best_v{-1, -1};
    if (std::filesystem::is_directory(base, ec))
        for (auto const & e : std::filesystem::directory_iterator{base, ec})
        {
            if (!e.is_directory() || !std::filesystem::exists(e.path() / "manifest.tsv"))
                continue;
            std::string const name = e.path().filename().string();
            std::size_t const dash = name.rfind('-');
            std::string const ver = dash == std::string::npos ? name : name.substr(dash + 1);
            std::size_t const dot = ver.find('.');
            long long y = 0, n = 0;
            if (dot == std::string::npos || !parse_int(ver.substr(0, dot), y) || !parse_int(ver.substr(dot + 1), n))
                continue;
            if (std::pair{y, n} > best_v)
            {
                best_v = {y, n};
                best = e.path();
            }
        }
    return best.empty() ? base : best;
}

} // namespace hbvdr
