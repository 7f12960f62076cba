#include <catch2/catch.hpp>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/sha256.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("the bundled panel loads with one reference per genotype A-J", "[reference]")
{
    reference_set const & r = refs();
    CHECK(r.panel().size() == 44);
    REQUIRE(r.genotype_reference_indices().size() == 10);
    for (char const g : genotype_letters)
    {
        auto const i = r.genotype_reference_index(g);
        REQUIRE(i.has_value());
        reference_genome const & ref = r.panel()[*i];
        CHECK(ref.genotype == g);
        CHECK(ref.rt1_nt == 130);
        CHECK(ref.rt_protein.size() == 344);
        CHECK(ref.rt_protein.substr(202, 4) == "YMDD");
        CHECK(ref.s_protein.size() == 226);
        CHECK(ref.residue(gene::rt, 204) == 'M');
    }
    CHECK(r.panel()[*r.genotype_reference_index('C')].accession == "GQ377617");
}

TEST_CASE("native residues per genotype come from the panel", "[reference]")
{
    // rtH126Y: Y is native in genotype A (X02763), H in B/C/D.
    CHECK(refs().genotypes_with_residue(gene::rt, 126, aa_set::of('Y')).find('A') != std::string::npos);
    CHECK(refs().genotypes_with_residue(gene::rt, 126, aa_set::of('H')).find('C') != std::string::npos);
    // rtM204 is invariant: no genotype carries V natively.
    CHECK(refs().genotypes_with_residue(gene::rt, 204, aa_set::of('V')).empty());
}

namespace
{
void copy_data(std::filesystem::path const & to)
{
    std::filesystem::copy(HBVDR_SOURCE_DATA_DIR, to, std::filesystem::copy_options::recursive);
}
} // namespace

TEST_CASE("a modified reference genome is refused with an actionable message", "[reference][errors]")
{
    temp_dir tmp;
    copy_data(tmp / "data");
    auto const fasta = tmp / "data" / "references" / "hbv_reference_panel.fasta";
    std::string text = read_text(fasta);
    std::size_t const line2 = text.find('\n') + 1;
    text[line2 + 5] = text[line2 + 5] == 'A' ? 'C' : 'A';
    write_text(fasta, text);
    REQUIRE_THROWS_AS(reference_set::load(tmp / "data"), data_error);
    try
    {
        reference_set::load(tmp / "data");
    }
    catch (data_error const & e)
    {
        std::string const msg = e.what();
        CHECK(msg.find("sha256") != std::string::npos);
        CHECK(msg.find("restore") != std::string::npos);
    }
}

TEST_CASE("a manifest of an unsupported format version is refused", "[reference][errors]")
{
    temp_dir tmp;
    copy_data(tmp / "data");
    std::string m = read_text(tmp / "data" / "manifest.tsv");
    m.replace(0, m.find('\n'), "#hbvdr-data-manifest\t2");
    write_text(tmp / "data" / "manifest.tsv", m);
    CHECK_THROWS_WITH(reference_set::load(tmp / "data"), Catch::Contains("format 2 is not supported"));
}

TEST_CASE("the manifest's version line names the reference data version", "[reference]")
{
    CHECK(refs().data_version() == "2026.1");
    temp_dir tmp;
    copy_data(tmp / "data");
    std::string m = read_text(tmp / "data" / "manifest.tsv");
    std::size_t const a = m.find("#version\t");
    REQUIRE(a != std::string::npos);
    std::string const line = m.substr(a, m.find('\n', a) + 1 - a);
    write_text(tmp / "data" / "manifest.tsv", std::string{m}.erase(a, line.size()));
    CHECK(reference_set::load(tmp / "data").data_version().empty()); // older manifests have none
    write_text(tmp / "data" / "manifest.tsv", std::string{m}.replace(a, line.size(), "#version\n"));
    CHECK_THROWS_WITH(reference_set::load(tmp / "data"), Catch::Contains("manifest.tsv:2: '#version' needs one value"));
}

TEST_CASE("a missing data directory is a data error naming the path", "[reference][errors]")
{
    CHECK_THROWS_WITH(reference_set::load("/nonexistent-hbvdr-data"),
                      Catch::Contains("/nonexistent-hbvdr-data/manifest.tsv"));
}

TEST_CASE("a manifest row whose sequence was edited consistently still fails the per-sequence check",
          "[reference][errors]")
{
    temp_dir tmp;
    copy_data(tmp / "data");
    auto const fasta = tmp / "data" / "references" / "hbv_reference_panel.fasta";
    std::string text = read_text(fasta);
    std::size_t const line2 = text.find('\n') + 1;
    text[line2 + 5] = text[line2 + 5] == 'A' ? 'C' : 'A';
    write_text(fasta, text);
    // Update only the file checksum: the per-sequence sha256 must still catch it.
    std::string m = read_text(tmp / "data" / "manifest.tsv");
    std::size_t const a = m.find("#file\t");
    std::size_t const b = m.find('\n', a);
    m.replace(a, b - a, "#file\treferences/hbv_reference_panel.fasta\t" + sha256_hex(text));
    write_text(tmp / "data" / "manifest.tsv", m);
    CHECK_THROWS_WITH(reference_set::load(tmp / "data"), Catch::Contains("sha256 of KP168423"));
}
