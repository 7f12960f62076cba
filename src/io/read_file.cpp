#include <fstream>
#include <sstream>

#include <hbvdr/io/read_file.hpp>

namespace hbvdr
{

std::optional<std::string> read_whole_file(std::filesystem::path const & path)
{
    std::ifstream in{path, std::ios::binary};
    if (!in)
        return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        return std::nullopt;
    return std::move(ss).str();
}

} // namespace hbvdr
