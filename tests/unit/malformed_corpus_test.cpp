// The malformed-input corpus (tests/data/malformed/): every file is given to hbvdr the way
// expected.tsv says and must end as it says — exit code, the rows and error rows of summary.tsv
// (every named input gives at least one row) and the message, or a fatal error that leaves no
// output behind.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include <hbvdr/core/text.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;
namespace fs = std::filesystem;

namespace
{

struct expectation
{
    std::string input, how;
    int exit{};
    std::string rows, errors, message;
    std::size_t line{};
};

std::vector<expectation> read_expectations(fs::path const & file)
{
    std::vector<expectation> out;
    std::istringstream in{read_text(file)};
    std::size_t n = 0;
    bool header = false;
    for (std::string line; std::getline(in, line);)
    {
        ++n;
        if (line.empty() || line.front() == '#')
            continue;
        if (!header)
        {
            header = true;
            REQUIRE(line == "input\thow\texit\trows\terrors\tmessage");
            continue;
        }
        std::vector<std::string_view> const f = split(line, '\t');
        INFO("expected.tsv line " << n);
        REQUIRE(f.size() == 6);
        expectation e{
            std::string{f[0]}, std::string{f[1]}, 0, std::string{f[3]}, std::string{f[4]}, std::string{f[5]}, n};
        e.exit = std::stoi(std::string{f[2]});
        out.push_back(std::move(e));
    }
    return out;
}

// summary.tsv: data rows and the values of one column.
struct summary
{
    std::size_t rows{};
    std::vector<std::string> status, error;
};

summary read_summary(fs::path const & file)
{
    summary s;
    std::istringstream in{read_text(file)};
    std::string line;
    std::getline(in, line);
    std::vector<std::string_view> const head = split(line, '\t');
    auto const col = [&](std::string_view const name)
    {
        return static_cast<std::size_t>(std::find(head.begin(), head.end(), name) - head.begin());
    };
    std::size_t const c_status = col("status"), c_error = col("error");
    REQUIRE(c_status < head.size());
    REQUIRE(c_error < head.size());
    while (std::getline(in, line))
    {
        std::vector<std::string_view> const f = split(line, '\t');
        REQUIRE(f.size() == head.size());
        ++s.rows;
        s.status.emplace_back(f[c_status]);
        s.error.emplace_back(f[c_error]);
    }
    return s;
}

} // namespace

TEST_CASE("malformed-input corpus: every input ends as expected.tsv says, none is lost", "[errors][malformed]")
{
    fs::path const dir = test_data_dir() / "malformed";
    std::vector<expectation> const cases = read_expectations(dir / "expected.tsv");
    REQUIRE(cases.size() >= 40);

    // Every file of the corpus is a case (itself, or inside a directory given to aggregate or --db).
    std::size_t files = 0;
    for (fs::directory_entry const & e : fs::recursive_directory_iterator{dir})
    {
        if (!e.is_regular_file() || e.path().filename() == "expected.tsv")
            continue;
        ++files;
        std::string const rel = fs::relative(e.path(), dir).generic_string();
        bool const named = std::any_of(
            cases.begin(),
            cases.end(),
            [&](expectation const & c)
            {
                return c.input == rel || ((c.how == "aggregate" || c.how == "db") && rel.rfind(c.input, 0) == 0);
            });
        INFO(rel);
        CHECK(named);
    }
    CHECK(files >= 40);

    std::string const good = (dir / "fasta" / "no_final_newline.fa").string();
    for (expectation const & c : cases)
    {
        INFO("expected.tsv line " << c.line << ": " << c.how << " " << c.input);
        temp_dir tmp;
        fs::path const out = tmp / "out";
        std::string const in = (dir / c.input).string();
        cli_result r;
        if (c.how == "analyze")
            r = run_hbvdr({"analyze", in, "-o", out.string(), "-q"});
        else if (c.how == "stdin")
            r = run_hbvdr({"analyze", "-", "-o", out.string(), "-q"}, in);
        else if (c.how == "sheet")
            r = run_hbvdr({"analyze", "--sample-sheet", in, "-o", out.string(), "-q"});
        else if (c.how == "monitor")
            r = run_hbvdr({"monitor", in, "-o", out.string()});
        else if (c.how == "aggregate")
            r = run_hbvdr({"aggregate", "-o", out.string(), in});
        else if (c.how == "db")
            r = run_hbvdr({"analyze", good, "--db", in, "-o", out.string(), "-q"});
        else
            FAIL("unknown 'how': " << c.how);
        INFO("stderr: " << r.err);
        CHECK(r.exit_code == c.exit);
        CHECK(r.err.find("internal error") == std::string::npos);

        if (c.rows == "-")
        {
            if (c.exit != 0)
            {
                // A fatal error: the message on stderr and no output that looks like a result.
                CHECK(r.err.find(c.message) != std::string::npos);
                for (char const * f : {"summary.tsv", "results.json", "index.html", "monitor.json"})
                {
                    INFO(f);
                    CHECK_FALSE(fs::exists(out / f));
                }
            }
            continue;
        }
        REQUIRE(fs::exists(out / "summary.tsv"));
        summary const s = read_summary(out / "summary.tsv");
        CHECK(s.rows == std::stoul(c.rows));
        CHECK(s.rows >= 1); // every named input gives at least one row
        CHECK(static_cast<std::size_t>(std::count(s.status.begin(), s.status.end(), "error")) == std::stoul(c.errors));
        if (!c.message.empty())
            CHECK(std::any_of(s.error.begin(),
                              s.error.end(),
                              [&](std::string const & e)
                              {
                                  return e.find(c.message) != std::string::npos;
                              }));
        for (std::size_t i = 0; i < s.rows; ++i)
            CHECK((s.status[i] == "error") == !s.error[i].empty()); // an error row says why, only an error row
    }
}
