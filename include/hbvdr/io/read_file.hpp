#pragma once

//!\file
//!\brief Reading a whole (small) file, leaving the error message to the caller.

#include <filesystem>
#include <optional>
#include <string>

namespace hbvdr
{

//!\brief The bytes of a file, or nullopt if it cannot be opened or read.
std::optional<std::string> read_whole_file(std::filesystem::path const & path);

} // namespace hbvdr
