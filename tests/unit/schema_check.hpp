#pragma once

// Validation of hbvdr's JSON outputs against the schemas shipped in schemas/ (JSON Schema 2020-12),
// with Debian's python3-jsonschema through tests/tools/validate_json.py.

#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace hbvdr::test
{

//!\brief Fails the test (with what to install) if python3-jsonschema is missing.
inline void require_jsonschema()
{
    INFO("python3-jsonschema is not installed: run scripts/dev/install-deps.sh --test");
    REQUIRE(std::system("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") == 0);
}

//!\brief True if `json` is valid against `schemas/<schema_file>`.
inline bool valid_against_schema(std::string const & schema_file, std::filesystem::path const & json)
{
    std::filesystem::path const schema = test_data_dir().parent_path().parent_path() / "schemas" / schema_file;
    std::filesystem::path const validator = test_data_dir().parent_path() / "tools" / "validate_json.py";
    return std::system(("/usr/bin/python3 '" + validator.string() + "' '" + schema.string() + "' '" + json.string()
                        + "' >/dev/null 2>&1")
                           .c_str())
           == 0;
}

} // namespace hbvdr::test
