#pragma once

// Helpers shared by the monitor_*_test.cpp files: the bundled monitoring definitions, fixture
// timelines under tests/data/monitor/, text helpers.

#include <algorithm>

#include <catch2/catch.hpp>

#include "test_support.hpp"

#include <hbvdr/core/error.hpp>
#include <hbvdr/monitor/definitions.hpp>
#include <hbvdr/monitor/timeline.hpp>

namespace hbvdr::test
{

inline std::vector<std::string> drug_codes()
{
    std::vector<std::string> out;
    for (db_drug const & d : db().drugs())
        out.push_back(d.code);
    return out;
}

inline std::filesystem::path definitions_dir()
{
    return std::filesystem::path{HBVDR_SOURCE_DATA_DIR} / "monitoring";
}

inline monitoring_definitions const & defs()
{
    static monitoring_definitions const d = monitoring_definitions::load(definitions_dir(), drug_codes());
    return d;
}

inline std::filesystem::path fixture_path(std::string const & name)
{
    return test_data_dir() / "monitor" / name;
}

inline std::string fixture_text(std::string const & name)
{
    return read_text(fixture_path(name));
}

inline timeline parse(std::string const & text, std::string const & name = "t.tsv")
{
    return parse_timeline(text, name, drug_codes());
}

inline timeline fixture(std::string const & name)
{
    return read_timeline(fixture_path(name), name, drug_codes());
}

//!\brief Replace the first occurrence (which must exist) of `from`.
inline std::string replace(std::string text, std::string const & from, std::string const & to)
{
    std::size_t const pos = text.find(from);
    REQUIRE(pos != std::string::npos);
    return text.replace(pos, from.size(), to);
}

inline std::string error_of(std::string const & text, std::string const & name = "t.tsv")
{
    try
    {
        parse(text, name);
    }
    catch (input_error const & e)
    {
        return e.what();
    }
    return "no error";
}

inline bool has(std::string const & text, std::string const & part)
{
    return text.find(part) != std::string::npos;
}

} // namespace hbvdr::test
