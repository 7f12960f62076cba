#include "report_samples.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

#include <hbvdr/io/sequence_reader.hpp>

#include "test_support.hpp"

namespace hbvdr::test
{

report_options report_test_options()
{
    report_options o = report_options_for(db());
    o.tool_version = "test";
    return o;
}

sample_report
report_sample(std::filesystem::path const & fasta, std::string const & name, treatment_context const & ctx)
{
    sequence_reader reader{fasta.string()};
    sequence_record rec;
    while (reader.next(rec))
    {
        if (rec.name != name)
            continue;
        analysis_context actx{refs(), default_aligner()};
        actx.db = &db();
        actx.context = ctx;
        actx.quality.key_rt_positions = report_test_options().resistance_positions; // as hbvdr analyze does
        sample_input in;
        in.name = rec.name;
        in.original_name = rec.name;
        in.input_file = fasta.filename().string();
        in.record = rec.index + 1;
        in.sequence = rec.sequence;
        return analyze_sequence(std::move(in), actx);
    }
    FAIL("no record " << name << " in " << fasta);
    return {};
}

sample_report ngs_sample()
{
    std::string g = genome('C');
    g = with_rt_codon(g, 180, "ATG");
    g = with_rt_codon(g, 204, "RTG"); // M/V: the V reads become the 8.3 % minority below
    treatment_context ctx;
    ctx.history = {"LAM"};
    analysis_context actx{refs(), default_aligner()};
    actx.db = &db();
    actx.context = ctx;
    actx.quality.key_rt_positions = report_test_options().resistance_positions;
    sample_input in;
    in.name = "ngs_minority_M204V";
    in.original_name = in.name;
    in.input_file = "ngs_minority_M204V.bam";
    in.record = 1;
    in.sequence = rt_region(g, 1, 344, 20);
    sample_report s = analyze_sequence(std::move(in), actx);
    REQUIRE(s.analysed);
    // What the NGS path would have counted: depth on every called codon, the reference residue
    // as majority where the consensus holds a mixture.
    constexpr double minor = 0.083;
    for (gene const ge : {gene::rt, gene::s})
        for (int p = 1; p <= info(ge).n_codons; ++p)
        {
            codon_call & c = ge == gene::rt ? s.calls.rt.codons[static_cast<std::size_t>(p - 1)]
                                            : s.calls.s.codons[static_cast<std::size_t>(p - 1)];
            if (c.status != codon_status::called)
                continue;
            int const rt = ge == gene::rt ? p : p + 8;
            c.has_depth = true;
            c.depth = rt >= 120 && rt <= 130 ? 150 : static_cast<std::uint32_t>(1200 + (rt * 37) % 900);
            std::string const aas = c.aa.to_string();
            char const ref = s.calls.ref_aa(ge, p);
            c.freqs.clear();
            for (char const a : aas)
            {
                double f =
                    aas.size() == 1 ? 1.0 : (a == ref ? 1.0 - minor * static_cast<double>(aas.size() - 1) : minor);
                c.freqs.emplace_back(a, f);
            }
        }
    s.interp = interpret(s.calls, {&refs(), s.genotype.candidate_genotypes()}, db(), s.context, {0.2, {}});
    return s;
}

void check_report_golden(std::string const & name, std::string const & actual)
{
    std::filesystem::path const path = test_data_dir().parent_path() / "golden" / "reports" / name;
    if (char const * u = std::getenv("HBVDR_UPDATE_GOLDEN"); u != nullptr && std::string{u} == "1")
    {
        std::filesystem::create_directories(path.parent_path());
        write_text(path, actual);
        WARN("updated " << path.filename().string());
        return;
    }
    INFO("golden file " << path << " (regenerate with HBVDR_UPDATE_GOLDEN=1 after an intended change)");
    REQUIRE(std::filesystem::exists(path));
    std::string const expected = read_text(path);
    if (expected == actual)
        return;
    std::istringstream e{expected}, a{actual};
    std::string el, al;
    for (int line = 1;; ++line)
    {
        bool const he = static_cast<bool>(std::getline(e, el));
        bool const ha = static_cast<bool>(std::getline(a, al));
        if (!he && !ha)
            FAIL("files differ only in line endings or a final newline");
        if (he != ha || el != al)
            FAIL("line " << line << ":\n  expected: " << (he ? el : "<end of file>")
                         << "\n  actual:   " << (ha ? al : "<end of file>"));
    }
}

std::size_t text_columns(std::string const & line)
{
    std::size_t n = 0;
    for (char const c : line)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

} // namespace hbvdr::test
