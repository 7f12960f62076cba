// hbvdr's calls at the resistance positions of real GenBank sequences against the submitters'
// own CDS translations (tests/data/real/genbank_translation_truth.tsv, see its README).
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include <hbvdr/core/text.hpp>
#include <hbvdr/io/sequence_reader.hpp>
#include <hbvdr/report/tables.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("calls at rt80-rt250 agree with the GenBank submitters' translations", "[realdata]")
{
    std::map<std::string, std::string> sequences;
    for (std::string const f : {"real_sequences.fasta", "real_genomes.fasta"})
    {
        sequence_reader reader{(test_data_dir() / "real" / f).string()};
        sequence_record rec;
        while (reader.next(rec))
            sequences[rec.name] = rec.sequence;
    }
    std::istringstream truth{read_text(test_data_dir() / "real" / "genbank_translation_truth.tsv")};
    std::string line;
    std::vector<int> positions;
    int compared = 0;
    while (std::getline(truth, line))
    {
        if (line.empty() || line[0] == '#')
            continue;
        auto const f = split(line, '\t');
        if (f[0] == "accession")
        {
            for (std::size_t i = 4; i < f.size(); ++i)
                positions.push_back(std::stoi(std::string{f[i].substr(2)}));
            continue;
        }
        std::string const acc{f[0]};
        REQUIRE(sequences.count(acc) == 1);
        sample_report const r = analyze(sequences[acc], acc);
        REQUIRE(r.analysed);
        for (std::size_t i = 0; i < positions.size(); ++i)
        {
            std::string const expected{f[4 + i]};
            codon_call const & c = r.calls.rt.at(positions[i]);
            std::string const got = aa_text(c);
            INFO(acc << " rt" << positions[i] << " GenBank " << expected << " hbvdr " << got << " codon " << c.codon);
            if (expected == "X" || expected == "J" || expected == "B" || expected == "Z")
            {
                // An ambiguity letter in the translation: hbvdr must report the mixture, not one residue.
                CHECK(c.status == codon_status::called);
                CHECK(c.aa.size() > 1);
                if (expected == "J")
                    CHECK(c.aa.contains(aa_set::from_string("IL")));
            }
            else
            {
                CHECK(c.status == codon_status::called);
                CHECK(got == expected);
            }
            ++compared;
        }
    }
    CHECK(compared == 330);
}
