#include <catch2/catch.hpp>

#include <hbvdr/core/aa_set.hpp>
#include <hbvdr/core/bundled.hpp>
#include <hbvdr/core/mutation.hpp>
#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/core/sha256.hpp>
#include <hbvdr/core/text.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("IUPAC codons expand to the set of amino acids never X", "[core][translate]")
{
    CHECK(translate_codon("ATG").to_string() == "M");
    CHECK(translate_codon("ATK").to_string() == "IM"); // ATG M + ATT I
    CHECK(translate_codon("RTG").to_string() == "MV"); // rtM204V as a mixture
    CHECK(translate_codon("ATR").to_string() == "IM"); // ATA I + ATG M
    CHECK(translate_codon("TGR").to_string() == "W*"); // TGA stop + TGG W: '*' last
    CHECK(translate_codon("TAR").to_string() == "*");
    CHECK(translate_codon("aug").to_string() == "M"); // lower case, U
    CHECK(translate_codon("NNN").size() == 21);
    CHECK(translate_codon("GCN").to_string() == "A"); // fourfold degenerate stays single
    CHECK(translate_codon("AT").empty());
    CHECK(translate_codon("AJG").empty());
}

TEST_CASE("aa_set text form is sorted with stop last and parses back", "[core]")
{
    bool ok = false;
    aa_set const s = aa_set::from_string("VMI", &ok);
    CHECK(ok);
    CHECK(s.to_string() == "IMV");
    CHECK(s.contains('V'));
    CHECK_FALSE(s.contains('L'));
    aa_set::from_string("MZ", &ok);
    CHECK_FALSE(ok);
}

TEST_CASE("reverse complement handles IUPAC codes", "[core]")
{
    CHECK(reverse_complement("ACGTRYKMBDHVN") == "NBDHVKMRYACGT");
    CHECK(complement('r') == 'Y');
}

TEST_CASE("mutation labels follow rt/s conventions", "[core]")
{
    CHECK((aa_mutation{gene::rt, 204, 'M', aa_set::from_string("IM"), mutation_kind::mixture, {}}.label())
          == "rtM204IM");
    CHECK((aa_mutation{gene::s, 172, 'W', aa_set::of('*'), mutation_kind::substitution, {}}.label()) == "sW172*");
    CHECK((aa_mutation{gene::rt, 40, 'S', {}, mutation_kind::deletion, {}}.label()) == "rtS40del");
    CHECK((aa_mutation{gene::rt, 100, 'A', {}, mutation_kind::insertion, "ASK"}.label()) == "rt100_101insASK");
}

TEST_CASE("RT and S frames overlap as in Stuyver numbering", "[core]")
{
    // rtM204: nt1 is the 3rd base of sI195, nt2-3 the 1st-2nd of sW196.
    CHECK(s_codons_of(rt_pos{204}).via_nt1 == s_pos{195});
    CHECK(s_codons_of(rt_pos{204}).via_nt2_3 == s_pos{196});
    CHECK(rt_codons_of(s_pos{172}).via_nt3 == rt_pos{181});
    CHECK(first_nt(rt_pos{204}) == genome_pos{739});
    CHECK(first_nt(s_pos{1}) == genome_pos{155});
}

TEST_CASE("sha256 matches the FIPS 180-4 test vectors", "[core]")
{
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("numbers are formatted without the locale", "[core]")
{
    CHECK(format_fixed(0.0210526, 4) == "0.0211");
    CHECK(format_fixed(-0.00001, 4) == "0.0000");
    double d = 0;
    CHECK(parse_double("1.5", d));
    CHECK(d == 1.5);
    CHECK_FALSE(parse_double("1,5", d));
    long long i = 0;
    CHECK(parse_int("130", i));
    CHECK_FALSE(parse_int("13x", i));
}

TEST_CASE("bundled directories: installed beside the binary, else the build tree's source, else none",
          "[core][install]")
{
    temp_dir tmp;
    auto const touch = [](std::filesystem::path const & p)
    {
        std::filesystem::create_directories(p.parent_path());
        write_text(p, "x\n");
    };
    // An installed layout: <prefix>/bin/hbvdr, <prefix>/share/hbvdr/{data,mutation-db}.
    touch(tmp / "prefix" / "share" / "hbvdr" / "data" / "manifest.tsv");
    std::filesystem::create_directories(tmp / "prefix" / "share" / "hbvdr" / "mutation-db");
    std::filesystem::path const installed_exe = tmp / "prefix" / "bin" / "hbvdr";
    CHECK(find_bundled_dir("data", "manifest.tsv", installed_exe) == tmp / "prefix" / "share" / "hbvdr" / "data");
    CHECK(find_bundled_dir("mutation-db", "", installed_exe) == tmp / "prefix" / "share" / "hbvdr" / "mutation-db");
    // A directory without the required file does not count.
    CHECK_FALSE(find_bundled_dir("mutation-db", "manifest.tsv", installed_exe));

    // A build tree: the marker beside the binary names the source tree.
    touch(tmp / "src" / "data" / "manifest.tsv");
    std::filesystem::path const build_exe = tmp / "src" / "build" / "hbvdr";
    CHECK_FALSE(find_bundled_dir("data", "manifest.tsv", build_exe)); // no marker: nothing
    std::filesystem::create_directories(build_exe.parent_path());
    write_text(tmp / "src" / "build" / std::string{build_tree_marker}, (tmp / "src").string() + "\n");
    CHECK(find_bundled_dir("data", "manifest.tsv", build_exe) == tmp / "src" / "data");
    CHECK_FALSE(find_bundled_dir("mutation-db", "", build_exe)); // the source tree has none

    // An installed copy wins over the marker.
    write_text(tmp / "prefix" / "bin" / std::string{build_tree_marker}, (tmp / "src").string() + "\n");
    CHECK(find_bundled_dir("data", "manifest.tsv", installed_exe) == tmp / "prefix" / "share" / "hbvdr" / "data");

    CHECK_FALSE(find_bundled_dir("data", "manifest.tsv", tmp / "elsewhere" / "hbvdr"));
    CHECK_FALSE(find_bundled_dir("data", "manifest.tsv", std::filesystem::path{}));
}
