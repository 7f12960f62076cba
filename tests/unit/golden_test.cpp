// Golden end-to-end tests: run the hbvdr binary on committed inputs and compare every output
// byte for byte with tests/golden/<case>/expected/. Regenerate after an intended change with
//   HBVDR_UPDATE_GOLDEN=1 ./build/tests/hbvdr_tests "[golden]"   (or scripts/dev/update-goldens.sh)
// and review the diff before committing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

#include <hbvdr/core/text.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

std::filesystem::path golden_root()
{
    return test_data_dir().parent_path() / "golden";
}

// First differing line, for a readable failure.
std::string first_difference(std::string const & expected, std::string const & actual)
{
    std::istringstream e{expected}, a{actual};
    std::string el, al;
    for (int line = 1;; ++line)
    {
        bool const he = static_cast<bool>(std::getline(e, el));
        bool const ha = static_cast<bool>(std::getline(a, al));
        if (!he && !ha)
            return "files differ only in line endings or a final newline";
        if (he != ha || el != al)
            return "line " + std::to_string(line) + ":\n  expected: " + (he ? el : "<end of file>")
                   + "\n  actual:   " + (ha ? al : "<end of file>");
    }
}

void run_case(std::string const & name)
{
    std::filesystem::path const dir = golden_root() / name;
    REQUIRE(std::filesystem::exists(dir / "args"));
    temp_dir tmp;
    std::vector<std::string> args;
    std::string const args_text = read_text(dir / "args"); // split() returns views into it
    for (std::string_view line : split(args_text, '\n'))
    {
        line = trim(line);
        if (line.empty())
            continue;
        std::string a{line};
        for (auto const & [key, value] : {std::pair<std::string, std::string>{"{data}", test_data_dir().string()},
                                          std::pair<std::string, std::string>{"{out}", (tmp / "out").string()}})
            for (std::size_t p; (p = a.find(key)) != std::string::npos;)
                a.replace(p, key.size(), value);
        args.push_back(a);
    }
    cli_result const r = run_hbvdr(args);
    std::vector<std::pair<std::string, std::string>> produced{{"exit_code", std::to_string(r.exit_code) + "\n"},
                                                              {"stdout.txt", r.out}};
    // Every output file, except hidden ones and the per-sample HTML pages (those have their own
    // tests, including a real browser): tables, results.json, MultiQC files, index.html, text reports.
    if (std::filesystem::exists(tmp / "out"))
    {
        std::vector<std::string> names;
        for (auto const & e : std::filesystem::recursive_directory_iterator{tmp / "out"})
        {
            std::string const rel = std::filesystem::relative(e.path(), tmp / "out").string();
            bool const hidden = rel.front() == '.' || rel.find("/.") != std::string::npos;
            bool const page = rel.rfind("reports/", 0) == 0 && e.path().extension() == ".html";
            if (e.is_regular_file() && !hidden && !page)
                names.push_back(rel);
        }
        std::sort(names.begin(), names.end());
        for (std::string const & n : names)
            produced.emplace_back(n, read_text(tmp / "out" / n));
    }
    std::filesystem::path const expected_dir = dir / "expected";
    if (char const * u = std::getenv("HBVDR_UPDATE_GOLDEN"); u != nullptr && std::string{u} == "1")
    {
        std::filesystem::remove_all(expected_dir);
        std::filesystem::create_directories(expected_dir);
        for (auto const & [f, text] : produced)
        {
            std::filesystem::create_directories((expected_dir / f).parent_path());
            write_text(expected_dir / f, text);
        }
        WARN("updated golden files of " << name);
        return;
    }
    for (auto const & [f, text] : produced)
    {
        INFO("golden case " << name << ", file " << f << " (stderr: " << r.err << ")");
        REQUIRE(std::filesystem::exists(expected_dir / f));
        std::string const expected = read_text(expected_dir / f);
        if (expected != text)
            FAIL(first_difference(expected, text));
    }
    // Every expected file must have been produced.
    for (auto const & entry : std::filesystem::recursive_directory_iterator{expected_dir})
    {
        if (!entry.is_regular_file())
            continue;
        std::string const rel = std::filesystem::relative(entry.path(), expected_dir).string();
        bool found = false;
        for (auto const & p : produced)
            found = found || p.first == rel;
        INFO("expected file " << rel << " was not produced");
        CHECK(found);
    }
}

} // namespace

TEST_CASE("golden: constructed edge cases (mixtures indels rotation reverse complement bad records)", "[golden]")
{
    run_case("edge_cases");
}

TEST_CASE("golden: real GenBank and study sequences", "[golden]")
{
    run_case("real_sequences");
}
