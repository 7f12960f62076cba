#pragma once

//!\file
//!\brief Tool version (from CMake's project version) and the git revision it was built from.

#include <string_view>

namespace hbvdr
{

//!\brief Semantic version (CMake project version, e.g. "0.2.0"). Written into every output.
std::string_view tool_version() noexcept;
//!\brief `git describe --always --dirty` at build time, or "" when not built from git. Shown by --version only.
std::string_view git_revision() noexcept;

} // namespace hbvdr
