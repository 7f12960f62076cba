#pragma once

// Comparing run output directories byte for byte (batch and workflow tests).

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace hbvdr::test
{

//!\brief Every non-hidden file under a run directory, relative path -> bytes (skipping the given top-level dirs).
inline std::map<std::string, std::string> run_files(std::filesystem::path const & dir,
                                                    std::vector<std::string> const & skip = {})
{
    std::map<std::string, std::string> out;
    for (auto const & e : std::filesystem::recursive_directory_iterator{dir})
    {
        std::string const rel = std::filesystem::relative(e.path(), dir).string();
        std::string const top = rel.substr(0, rel.find('/'));
        if (!e.is_regular_file() || rel.front() == '.' || rel.find("/.") != std::string::npos
            || std::find(skip.begin(), skip.end(), top) != skip.end())
            continue;
        out[rel] = read_text(e.path());
    }
    return out;
}

//!\brief The same file names with the same bytes (Catch2 checks, one per file).
inline void same_files(std::map<std::string, std::string> const & a, std::map<std::string, std::string> const & b)
{
    std::vector<std::string> ka, kb;
    for (auto const & [k, v] : a)
        ka.push_back(k);
    for (auto const & [k, v] : b)
        kb.push_back(k);
    REQUIRE(ka == kb);
    for (auto const & [k, v] : a)
    {
        INFO("file " << k);
        CHECK(v == b.at(k));
    }
}

} // namespace hbvdr::test
