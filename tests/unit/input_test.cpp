// FASTA input robustness and per-record error isolation.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <hbvdr/core/error.hpp>
#include <hbvdr/io/sequence_reader.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{
std::vector<sequence_record> read_all(std::filesystem::path const & p)
{
    sequence_reader r{p.string()};
    std::vector<sequence_record> out;
    sequence_record rec;
    while (r.next(rec))
        out.push_back(rec);
    return out;
}

void write_gz(std::filesystem::path const & p, std::string const & text)
{
    gzFile f = gzopen(p.c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
}

std::vector<std::vector<std::string>> tsv(std::string const & text)
{
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::istringstream in{text};
    while (std::getline(in, line))
    {
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (std::size_t p; (p = line.find('\t', start)) != std::string::npos; start = p + 1)
            cells.push_back(line.substr(start, p - start));
        cells.push_back(line.substr(start));
        rows.push_back(cells);
    }
    return rows;
}
} // namespace

TEST_CASE("FASTA reading copes with lower case CRLF blank lines long lines and descriptions", "[io]")
{
    temp_dir tmp;
    std::string const amp = rt_region(genome('C'), 1, 344, 0);
    std::string text = "\r\n>first some description\r\n";
    std::string lower = amp;
    for (char & c : lower)
        c = static_cast<char>(std::tolower(c));
    text += lower.substr(0, 500) + "\r\n\r\n" + lower.substr(500) + "\r\n>second\n" + amp + "\n\n";
    write_text(tmp / "in.fa", text);
    auto const recs = read_all(tmp / "in.fa");
    REQUIRE(recs.size() == 2);
    CHECK(recs[0].name == "first");
    CHECK(recs[0].description == "some description");
    CHECK(recs[0].sequence.size() == amp.size());
    CHECK(recs[1].name == "second");
    CHECK(recs[1].sequence == amp);
    CHECK(recs[1].index == 1);
}

TEST_CASE("files shorter than SeqAn3's 18-byte magic-number probe are read whole", "[io]")
{
    // The stream buffer dropped what was read when it met the end of a short file, so SeqAn3 could
    // not put its probe back and saw no record at all.
    temp_dir tmp;
    for (auto const & [text, name, seq] : {std::tuple{">a\nACGT\n", "a", "ACGT"},
                                           std::tuple{">sample1\n", "sample1", ""},
                                           std::tuple{">", "", ""},
                                           std::tuple{">x\nAC\r\nGT", "x", "ACGT"}})
    {
        INFO(text);
        write_text(tmp / "short.fa", text);
        write_gz(tmp / "short.fa.gz", text);
        for (std::string const f : {"short.fa", "short.fa.gz"})
        {
            auto const recs = read_all(tmp / f);
            REQUIRE(recs.size() == 1);
            CHECK(recs[0].name == name);
            CHECK(recs[0].sequence == seq);
        }
    }
    write_text(tmp / "short.fq", "@r\nACGT\n+\nIIII\n");
    auto const reads = read_all(tmp / "short.fq");
    REQUIRE(reads.size() == 1);
    CHECK(reads[0].quality == "IIII");
}

TEST_CASE("'>' starts a record only at the start of a line, and comment lines are skipped", "[io][errors]")
{
    temp_dir tmp;
    write_text(tmp / "in.fa",
               ";old-style comment\n>a desc\nACG>b\nTT\n  >c\n;comment after the header\nAC\n; and another\nGT\n");
    auto const recs = read_all(tmp / "in.fa");
    REQUIRE(recs.size() == 2);
    CHECK(recs[0].name == "a");
    CHECK(recs[0].description == "desc");
    CHECK_THAT(recs[0].problem, Catch::Contains("'>' inside a sequence line (line 3, column 4)"));
    CHECK(recs[1].name == "c");
    CHECK(recs[1].sequence == "ACGT");
    CHECK(recs[1].problem.empty());
    write_text(tmp / "orphan.fa", ";comment\nACGT\n>a\nACGT\n");
    CHECK_THROWS_WITH(read_all(tmp / "orphan.fa"), Catch::Contains("line 2: sequence before the first header line"));
}

TEST_CASE("a '>' inside a sequence line is an error row for its record, not a new sample", "[io][errors][cli]")
{
    temp_dir tmp;
    std::string const amp = rt_region(genome('D'), 1, 344, 0);
    write_text(tmp / "in.fa",
               ";comment\n>good1\n" + amp + "\n>joined\n" + amp.substr(0, 600) + ">lost_header\n" + amp.substr(600)
                   + "\n>good2\n" + amp + "\n");
    cli_result const r = run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "-q"});
    CHECK(r.exit_code == 3);
    auto const rows = tsv(read_text(tmp / "out" / "summary.tsv"));
    REQUIRE(rows.size() == 4);
    CHECK(rows[1][0] == "good1");
    CHECK(rows[2][0] == "joined");
    CHECK(rows[2][3] == "error");
    CHECK_THAT(rows[2].back(), Catch::Contains("'>' inside a sequence line (line 5, column 601)"));
    CHECK(rows[3][0] == "good2");
    CHECK(rows[3][3] == "ok");
}

TEST_CASE("a record longer than 1 MiB is its own error row and is never held in memory whole", "[io][errors][cli]")
{
    temp_dir tmp;
    std::string const amp = rt_region(genome('B'), 1, 344, 0);
    std::string const long_line(max_record_size + 10, 'A');
    std::string const lines = [&]
    {
        std::string t;
        for (std::size_t i = 0; i < max_record_size / 1000 + 1; ++i)
            t += std::string(1000, 'C') + "\n";
        return t;
    }();
    write_gz(tmp / "long.fa.gz",
             ">one_line\n" + long_line + "\n>many_lines\n" + lines + ">" + long_line + "\n" + amp + "\n>fine\n" + amp
                 + "\n");
    auto const recs = read_all(tmp / "long.fa.gz");
    REQUIRE(recs.size() == 4);
    CHECK(recs[0].problem == "sequence longer than 1048576 characters (an HBV sequence is at most a few kb): not read");
    CHECK(recs[0].sequence.empty());
    CHECK(recs[1].problem == recs[0].problem);
    CHECK(recs[2].problem
          == "header line longer than 1048576 characters (an HBV sequence is at most a few kb): not read");
    CHECK(recs[2].name.size() == max_record_size);
    CHECK(recs[3].name == "fine");
    CHECK(recs[3].problem.empty());
    write_gz(tmp / "long.fq.gz", "@r\n" + long_line + "\n+\n" + std::string(long_line.size(), 'I') + "\n");
    CHECK_THROWS_WITH(read_all(tmp / "long.fq.gz"),
                      Catch::Contains("long.fq.gz: a line longer than 1048576 bytes: not read"));
    cli_result const r = run_hbvdr(
        {"analyze", (tmp / "long.fa.gz").string(), (tmp / "long.fq.gz").string(), "-o", (tmp / "out").string(), "-q"});
    CHECK(r.exit_code == 3);
    auto const rows = tsv(read_text(tmp / "out" / "summary.tsv"));
    REQUIRE(rows.size() == 6);
    CHECK(rows[1][0] == "one_line");
    CHECK_THAT(rows[1].back(), Catch::StartsWith("sequence longer than 1048576 characters"));
    CHECK(rows[4][3] == "ok");
    CHECK(rows[5][0] == "long");
    CHECK_THAT(rows[5].back(), Catch::Contains("a line longer than 1048576 bytes"));
}

TEST_CASE("gzip input and a truncated gzip file", "[io][errors]")
{
    temp_dir tmp;
    std::string const amp = rt_region(genome('A'), 1, 344, 0);
    std::string text;
    for (int i = 0; i < 200; ++i)
        text += ">s" + std::to_string(i) + "\n" + amp + "\n";
    write_gz(tmp / "in.fa.gz", text);
    CHECK(read_all(tmp / "in.fa.gz").size() == 200);

    std::string const gz = read_text(tmp / "in.fa.gz");
    write_text(tmp / "cut.fa.gz", gz.substr(0, gz.size() / 2));
    CHECK_THROWS_WITH(read_all(tmp / "cut.fa.gz"), Catch::Contains("truncated"));
}

TEST_CASE("a file that is not FASTA is refused with what was found", "[io][errors]")
{
    temp_dir tmp;
    write_text(tmp / "notes.txt", "hello\nworld\n");
    CHECK_THROWS_WITH(read_all(tmp / "notes.txt"), Catch::Contains("not a FASTA or FASTQ file"));
    write_text(tmp / "empty.fa", "");
    CHECK(read_all(tmp / "empty.fa").empty());
}

TEST_CASE("one bad record becomes an error row and the other records are analysed", "[io][errors][cli]")
{
    temp_dir tmp;
    std::string const amp = rt_region(with_rt_codon(genome('D'), 204, "GTG"), 1, 344, 0);
    write_text(tmp / "in.fa", ">good1\n" + amp + "\n>bad\nACGTJJJACGT\n>empty\n>good2\n" + amp + "\n");
    cli_result const r = run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "-q"});
    CHECK(r.exit_code == 3);
    auto const rows = tsv(read_text(tmp / "out" / "summary.tsv"));
    REQUIRE(rows.size() == 5);
    CHECK(rows[1][0] == "good1");
    CHECK(rows[1][3] == "ok");
    CHECK(rows[2][0] == "bad");
    CHECK(rows[2][3] == "error");
    CHECK(rows[2].back().find("invalid character 'J' at sequence position 5") != std::string::npos);
    CHECK(rows[3][3] == "error");
    CHECK(rows[3].back() == "empty sequence");
    CHECK(rows[4][0] == "good2");
    CHECK(rows[4][3] == "ok");
}

TEST_CASE("every named input gives at least one row, whatever its size", "[io][errors][cli]")
{
    temp_dir tmp;
    write_text(tmp / "empty.fa", "");
    write_text(tmp / "blank.fa", " \n\t\r\n\n");
    write_text(tmp / "empty.bam", "");
    write_text(tmp / "blank.fastq", "\n\n");
    write_text(tmp / "short.fa", ">a\nACGT\n");
    write_text(tmp / "header_only.fa", ">sample1\n");
    write_text(tmp / "gt.fa", ">");
    write_text(tmp / "comment.fa", ";only a comment\n");
    std::filesystem::create_directories(tmp / "dir");
    write_text(tmp / "dir" / "a_empty.fasta", "");
    write_text(tmp / "dir" / "b.fa", ">b\n" + rt_region(genome('A'), 1, 344, 0) + "\n");
    write_text(tmp / "nothing", "");
    std::vector<std::string> args{"analyze"};
    for (std::string const f : {"empty.fa",
                                "blank.fa",
                                "empty.bam",
                                "blank.fastq",
                                "short.fa",
                                "header_only.fa",
                                "gt.fa",
                                "comment.fa",
                                "dir"})
        args.push_back((tmp / f).string());
    args.insert(args.end(), {"-", "-o", (tmp / "out").string(), "-q"});
    cli_result const r = run_hbvdr(args, (tmp / "nothing").string());
    CHECK(r.exit_code == 3);
    auto const rows = tsv(read_text(tmp / "out" / "summary.tsv"));
    REQUIRE(rows.size() == 12);
    std::vector<std::pair<std::string, std::string>> got;
    for (std::size_t i = 1; i < rows.size(); ++i)
        got.emplace_back(rows[i][0], rows[i][3] == "error" ? rows[i].back() : rows[i][3]);
    std::string const none = ": no sequence record (it is empty or holds only blank or ';' comment lines)";
    CHECK(got[0] == std::pair<std::string, std::string>{"empty.fa", "empty.fa" + none});
    CHECK(got[1] == std::pair<std::string, std::string>{"blank.fa", "blank.fa" + none});
    CHECK(got[2] == std::pair<std::string, std::string>{"empty.bam", "empty.bam" + none});
    CHECK(got[3] == std::pair<std::string, std::string>{"blank.fastq", "blank.fastq" + none});
    CHECK(got[4].first == "a");
    CHECK_THAT(got[4].second, Catch::StartsWith("not HBV"));
    CHECK(got[5] == std::pair<std::string, std::string>{"sample1", "empty sequence"});
    CHECK(got[6] == std::pair<std::string, std::string>{"unnamed_record1", "empty sequence"});
    CHECK(got[7] == std::pair<std::string, std::string>{"comment.fa", "comment.fa" + none});
    CHECK(got[8].first == "a_empty.fasta");
    CHECK(got[9] == std::pair<std::string, std::string>{"b", "ok"});
    CHECK(got[10] == std::pair<std::string, std::string>{"-", "standard input" + none});
}

TEST_CASE("input identification says what a file is not, htslib never prints, a byte-order mark is accepted",
          "[io][errors][cli]")
{
    temp_dir tmp;
    std::string const amp = rt_region(genome('C'), 1, 344, 0);
    write_text(tmp / "nul.fa", std::string{">a\nAC\0GT\n", 10});
    std::string utf16{"\xFF\xFE"};
    for (char const c : std::string{">a\nACGT\n"})
        utf16 += std::string{c} + '\0';
    write_text(tmp / "utf16.fa", utf16);
    write_text(tmp / "utf16_no_bom.fa", utf16.substr(2));
    std::string garbage;
    std::uint32_t x = 7;
    for (int i = 0; i < 300; ++i)
        garbage.push_back(static_cast<char>((x = x * 1664525u + 1013904223u) >> 24));
    write_text(tmp / "garbage.bam", garbage);
    write_text(tmp / "notes.fa", "hello world\nsecond line\n");
    write_text(tmp / "bom.fa", std::string{"\xEF\xBB\xBF"} + ">with_bom\n" + amp + "\n");
    std::vector<std::string> args{"analyze"};
    for (std::string const f : {"nul.fa", "utf16.fa", "utf16_no_bom.fa", "garbage.bam", "notes.fa", "bom.fa"})
        args.push_back((tmp / f).string());
    args.insert(args.end(), {"-o", (tmp / "out").string(), "--no-summary"});
    cli_result const r = run_hbvdr(args);
    CHECK(r.exit_code == 3);
    std::istringstream err{r.err};
    for (std::string line; std::getline(err, line);)
        CHECK_THAT(line, Catch::StartsWith("hbvdr: "));
    auto const rows = tsv(read_text(tmp / "out" / "summary.tsv"));
    REQUIRE(rows.size() == 7);
    std::string const not_any = ": not FASTA, FASTQ, SAM, BAM or CRAM: ";
    CHECK(rows[1].back() == "nul.fa" + not_any + "binary content (NUL bytes)");
    CHECK(rows[2].back() == "utf16.fa" + not_any + "UTF-16 text - save it as UTF-8 or ASCII text");
    CHECK(rows[3].back() == "utf16_no_bom.fa" + not_any + "UTF-16 text - save it as UTF-8 or ASCII text");
    CHECK_THAT(rows[4].back(), Catch::StartsWith("garbage.bam" + not_any + "binary content"));
    CHECK(rows[5].back() == "notes.fa" + not_any + "text starting with 'hello world'");
    CHECK(rows[6][0] == "with_bom");
    CHECK(rows[6][3] == "ok");
    // The reader itself names a byte it cannot start with.
    write_text(tmp / "latin1.fa", "\xB5 not a header\n");
    CHECK_THROWS_WITH(read_all(tmp / "latin1.fa"), Catch::Contains("it starts with '\\xB5 not a header'"));
}

TEST_CASE("duplicate names are made unique with a warning", "[io][cli]")
{
    temp_dir tmp;
    std::string const amp = rt_region(genome('B'), 1, 344, 0);
    write_text(tmp / "in.fa", ">x\n" + amp + "\n>x\n" + amp + "\n>x~2\n" + amp + "\n");
    cli_result const r = run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "-q"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("duplicate sample name 'x'") != std::string::npos);
    auto const rows = tsv(read_text(tmp / "out" / "summary.tsv"));
    REQUIRE(rows.size() == 4);
    CHECK(rows[1][0] == "x");
    CHECK(rows[2][0] == "x~2");
    CHECK(rows[3][0] != "x~2"); // the literal "x~2" of record 3 must not clobber the renamed one
    CHECK(rows[2][3] == "warning");
}

TEST_CASE("standard input plain and gzip", "[io][cli]")
{
    temp_dir tmp;
    std::string const amp = rt_region(genome('E'), 1, 344, 0);
    write_text(tmp / "in.fa", ">stdin_sample\n" + amp + "\n");
    cli_result const r = run_hbvdr({"analyze", "-", "-o", (tmp / "out").string()}, (tmp / "in.fa").string());
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("stdin_sample") != std::string::npos);
    write_gz(tmp / "in.fa.gz", read_text(tmp / "in.fa"));
    cli_result const g = run_hbvdr({"analyze", "-", "-o", (tmp / "out2").string()}, (tmp / "in.fa.gz").string());
    CHECK(g.exit_code == 0);
    CHECK(read_text(tmp / "out2" / "summary.tsv") == read_text(tmp / "out" / "summary.tsv"));
}

TEST_CASE("a truncated gzip input keeps the records read before the damage and adds an error row", "[io][errors][cli]")
{
    temp_dir tmp;
    // Varied records (a compressible file would fail on its first read): ~3 MB of FASTA.
    std::string const amp = rt_region(genome('C'), 1, 344, 0);
    std::string text;
    std::uint32_t x = 12345;
    for (int i = 0; i < 3000; ++i)
    {
        std::string s = amp;
        for (int k = 0; k < 30; ++k)
        {
            x = x * 1664525u + 1013904223u;
            s[(x >> 8) % s.size()] = "ACGT"[(x >> 4) & 3u];
        }
        text += ">s" + std::to_string(i) + "\n" + s + "\n";
    }
    write_gz(tmp / "full.fa.gz", text);
    std::string const gz = read_text(tmp / "full.fa.gz");
    write_text(tmp / "cut.fa.gz", gz.substr(0, gz.size() * 2 / 3));
    cli_result const r = run_hbvdr({"analyze", (tmp / "cut.fa.gz").string(), "-o", (tmp / "out").string(), "-q"});
    CHECK(r.exit_code == 3);
    auto const rows = tsv(read_text(tmp / "out" / "summary.tsv"));
    REQUIRE(rows.size() >= 3);
    CHECK(rows.back()[3] == "error");
    CHECK(rows.back().back().find("truncated") != std::string::npos);
    CHECK(rows[rows.size() - 2][3] != "error");
}
