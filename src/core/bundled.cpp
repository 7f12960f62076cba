#include <fstream>
#include <string>

#include <hbvdr/core/bundled.hpp>

namespace hbvdr
{

namespace
{

std::filesystem::path running_executable()
{
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path{} : exe;
}

std::filesystem::path installed_dir(std::string_view name, std::filesystem::path const & exe)
{
    return exe.parent_path().parent_path() / "share" / "hbvdr" / name;
}

// The source tree named by the marker beside a build-tree binary, or empty.
std::filesystem::path source_tree(std::filesystem::path const & exe)
{
    std::ifstream in{exe.parent_path() / build_tree_marker};
    std::string line;
    if (!in || !std::getline(in, line) || line.empty())
        return {};
    return line;
}

bool usable(std::filesystem::path const & dir, std::string_view required)
{
    std::error_code ec;
    return std::filesystem::is_directory(dir, ec) && (required.empty() || std::filesystem::exists(dir / required, ec));
}

} // namespace

std::optional<std::filesystem::path>
find_bundled_dir(std::string_view name, std::string_view required, std::filesystem::path const & exe)
{
    if (exe.empty())
        return std::nullopt;
    if (std::filesystem::path const installed = installed_dir(name, exe); usable(installed, required))
        return installed;
    if (std::filesystem::path const src = source_tree(exe); !src.empty() && usable(src / name, required))
        return src / name;
    return std::nullopt;
}

std::optional<std::filesystem::path> find_bundled_dir(std::string_view name, std::string_view required)
{
    return find_bundled_dir(name, required, running_executable());
}

std::string bundled_search_places(std::string_view name)
{
    std::filesystem::path const exe = running_executable();
    if (exe.empty())
        return "the location of the hbvdr executable is unknown";
    std::string out = installed_dir(name, exe).lexically_normal().string();
    if (std::filesystem::path const src = source_tree(exe); !src.empty())
        out += " and " + (src / name).string() + " (build tree)";
    return out;
}

} // namespace hbvdr
