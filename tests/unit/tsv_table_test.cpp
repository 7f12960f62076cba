//!\file
//!\brief The one TSV table reader (io/tsv_table): each layout it reads and each error it reports.

#include <catch2/catch.hpp>

#include <hbvdr/core/error.hpp>
#include <hbvdr/io/tsv_table.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

tsv_format exact(std::string_view const header)
{
    return tsv_format{.what = "test table", .header = header, .help = "see SCHEMA.md"};
}

std::vector<std::string> cells(std::initializer_list<char const *> const l)
{
    return {l.begin(), l.end()};
}

} // namespace

TEST_CASE("tsv_table: an exact header, rows with line numbers, comments and blank lines", "[io][tsv]")
{
    tsv_table const t = parse_tsv("# a comment\n\na\tb\n1\t 2 \n# later\n\n3\t4", "t.tsv", exact("a\tb"));
    CHECK(t.header_line == 3);
    CHECK(t.columns == cells({"a", "b"}));
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[0].line == 4);
    CHECK(t.rows[0].cells == cells({"1", "2"})); // cells are trimmed
    CHECK(t.rows[1].line == 7);                  // no final newline
    CHECK(t.rows[1].cells == cells({"3", "4"}));
    REQUIRE(t.comments.size() == 2);
    CHECK(t.comments[0].line == 1);
    CHECK(t.comments[1].cells == cells({"# later"}));
    CHECK(t.where(4) == "t.tsv:4");
    CHECK(t.column("b") == 1);
    CHECK(t.column("c") == -1);
}

TEST_CASE("tsv_table: CRLF line ends and a UTF-8 byte-order mark read like plain LF text", "[io][tsv]")
{
    tsv_table const t = parse_tsv("\xEF\xBB\xBF"
                                  "a\tb\r\n1\t2\r\n",
                                  "t.tsv",
                                  exact("a\tb"));
    CHECK(t.header_line == 1);
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0].cells == cells({"1", "2"}));
    CHECK(t.body_offset == 3 + 5); // the BOM and "a\tb\r\n"
}

TEST_CASE("tsv_table: a header of any columns, ragged rows, untrimmed cells, no header", "[io][tsv]")
{
    tsv_table const any = parse_tsv("x\t y\n1\n1\t2\t3\n", "t.tsv", tsv_format{.fixed_columns = false});
    CHECK(any.columns == cells({"x", "y"}));
    REQUIRE(any.rows.size() == 2);
    CHECK(any.rows[0].cells.size() == 1);
    CHECK(any.rows[1].cells.size() == 3);
    CHECK(any.body_offset == 5);

    tsv_table const raw = parse_tsv("k\t v \n", "t.tsv", tsv_format{.has_header = false, .trim_cells = false});
    CHECK(raw.columns.empty());
    REQUIRE(raw.rows.size() == 1);
    CHECK(raw.rows[0].cells == cells({"k", " v "}));
    CHECK(parse_tsv("", "t.tsv", tsv_format{.has_header = false}).rows.empty());
}

TEST_CASE("tsv_table: a magic/version line", "[io][tsv]")
{
    tsv_format const f{.what = "test manifest",
                       .magic = "#test-manifest",
                       .min_version = 1,
                       .max_version = 2,
                       .version_help = "use a newer hbvdr",
                       .header = "a"};
    tsv_table const t = parse_tsv("#test-manifest\t2\n#note\tx\na\n1\n", "m.tsv", f);
    CHECK(t.version == 2);
    REQUIRE(t.comments.size() == 1); // the magic line is not a comment
    CHECK(t.comments[0].cells == cells({"#note", "x"}));
    CHECK(t.rows.size() == 1);

    CHECK_THROWS_WITH(parse_tsv("a\n1\n", "m.tsv", f),
                      "m.tsv:1: not a test manifest (expected '#test-manifest<TAB>2')");
    CHECK_THROWS_WITH(parse_tsv("", "m.tsv", f), Catch::StartsWith("m.tsv:1: not a test manifest"));
    CHECK_THROWS_WITH(parse_tsv("#test-manifest\tx\na\n", "m.tsv", f), Catch::StartsWith("m.tsv:1: not a test"));
    CHECK_THROWS_WITH(parse_tsv("#test-manifest\t3\na\n", "m.tsv", f),
                      "m.tsv:1: test manifest format 3 is not supported by this hbvdr (supports 1-2); use a newer "
                      "hbvdr");
}

TEST_CASE("tsv_table: every error names file:line, what is wrong and what to do", "[io][tsv]")
{
    CHECK_THROWS_WITH(parse_tsv("a\tc\n", "t.tsv", exact("a\tb")),
                      "t.tsv:1: expected the column header 'a\tb' (see SCHEMA.md)");
    CHECK_THROWS_WITH(parse_tsv("a\tb\n1\t2\t3\n", "t.tsv", exact("a\tb")),
                      "t.tsv:2: 3 columns, the header has 2 (see SCHEMA.md)");
    CHECK_THROWS_WITH(parse_tsv("# only\n\n", "t.tsv", exact("a\tb")),
                      "t.tsv: empty test table (no header line; see SCHEMA.md)");
    CHECK_THROWS_WITH(parse_tsv(std::string_view{"a\0b\0c\0d\0", 8}, "t.tsv", exact("a")),
                      Catch::StartsWith("t.tsv: not a test table (tab-separated text): "));
    CHECK_THROWS_AS(parse_tsv("", "t.tsv", exact("a")), input_error);
    tsv_format data = exact("a");
    data.errors = tsv_errors::data;
    CHECK_THROWS_AS(parse_tsv("", "t.tsv", data), data_error);
}

TEST_CASE("tsv_table: read_tsv reads a file and names it by its path", "[io][tsv]")
{
    temp_dir const tmp;
    write_text(tmp / "t.tsv", "a\n1\n");
    tsv_table const t = read_tsv(tmp / "t.tsv", exact("a"));
    CHECK(t.source == (tmp / "t.tsv").string());
    CHECK(t.rows.size() == 1);
    CHECK_THROWS_WITH(read_tsv(tmp / "none.tsv", exact("a")),
                      (tmp / "none.tsv").string() + ": cannot be read (see SCHEMA.md)");
}
