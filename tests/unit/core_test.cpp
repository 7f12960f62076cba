#include <catch2/catch.hpp>

#include <hbvdr/core/nucleotide.hpp>

TEST_CASE("IUPAC codons expand to amino-acid sets", "[core]")
{
    CHECK(hbvdr::translate_codon("ATG").to_string() == "M");
    CHECK(hbvdr::translate_codon("ATK").to_string() == "IM");
}
