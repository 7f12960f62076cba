// Harness: the mutation-database loader (manifest, checksums, every table, the rule language,
// validation against the reference panel) and the interpretation of one fixed sample with the
// database loaded.
//
// The input is a multi-file bundle (fuzz_support.hpp: `=== manifest.tsv`, `=== rules.tsv`, ...)
// written as a release directory. Built twice: fuzz_mutdb recomputes the sha256 of every file
// the manifest lists (so that the fuzzer reaches the table parsers behind the checksum check);
// fuzz_mutdb_raw (HBVDR_FUZZ_KEEP_CHECKSUMS) keeps the manifest as given.

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>

#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/sha256.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/interpret/interpret.hpp>
#include <hbvdr/io/sequence_reader.hpp>
#include <hbvdr/mutdb/mutdb.hpp>

#include "fuzz_support.hpp"

using namespace hbvdr;
namespace fs = std::filesystem;

namespace
{

// A sample with resistance mutations (KU751711.1: LAM, ETV and ADV resistance), analysed once
// with the bundled database.
sample_report const & sample()
{
    static sample_report const rep = []
    {
        sequence_reader reader{(fuzz::data_dir() / "examples" / "example_sequences.fasta").string()};
        sequence_record rec;
        sample_input in;
        while (reader.next(rec))
            if (in.sequence.empty() || rec.name.find("KU751711") != std::string::npos)
            {
                in.name = rec.name;
                in.sequence = rec.sequence;
            }
        analysis_context ctx{fuzz::refs(), fuzz::default_aligner()};
        ctx.db = &fuzz::db();
        return analyze_sequence(in, ctx);
    }();
    return rep;
}

#ifndef HBVDR_FUZZ_KEEP_CHECKSUMS
// Put the sha256 of each listed file that exists into the manifest's `file` rows.
void recompute_checksums(fs::path const & dir)
{
    std::error_code ec;
    if (!fs::is_regular_file(dir / "manifest.tsv", ec))
        return;
    std::ifstream in{dir / "manifest.tsv", std::ios::binary};
    std::string const text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
    std::string out;
    std::vector<std::string_view> const lines = split(text, '\n');
    for (std::size_t i = 0; i < lines.size(); ++i)
    {
        std::string line{lines[i]};
        std::vector<std::string_view> f = split(lines[i], '\t');
        if (f.size() == 3 && f[0] == "file" && f[1].find('/') == std::string_view::npos && !f[1].empty()
            && fs::is_regular_file(dir / std::string{f[1]}, ec))
        {
            bool const cr = !f[2].empty() && f[2].back() == '\r';
            line = "file\t" + std::string{f[1]} + "\t" + sha256_file((dir / std::string{f[1]}).string())
                   + (cr ? "\r" : "");
        }
        out += line + (i + 1 < lines.size() ? "\n" : "");
    }
    fuzz::write_file(dir / "manifest.tsv", out);
}
#endif

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    sample_report const & rep = sample();
    fuzz::clear_scratch();
    fs::path const dir = fuzz::scratch_dir() / "db";
    fuzz::write_bundle(fuzz::split_bundle(fuzz::as_text(data, size)), dir);
#ifndef HBVDR_FUZZ_KEEP_CHECKSUMS
    recompute_checksums(dir);
#endif
    try
    {
        std::vector<db_problem> problems;
        std::optional<mutation_db> const loose = mutation_db::load_for_validation(dir, fuzz::refs(), problems);
        bool const valid = std::none_of(problems.begin(),
                                        problems.end(),
                                        [](db_problem const & p)
                                        {
                                            return p.error;
                                        });
        if (loose)
            (void)loose->key_rt_positions();
        // hbvdr interprets only with a database that passed validation (load() with the panel).
        // One treatment context per input (by its size), and the throwing load() for one input in
        // four: every path is reached over a campaign at a fraction of the cost per execution.
        if (loose && valid)
        {
            std::array<treatment_context, 3> const contexts{
                treatment_context{}, treatment_context{{"LAM", "ADV"}, true}, treatment_context{{"ETV"}, false}};
            interpret_options opts;
            if (!loose->rule_sets().empty()) // every rule set in turn (schema 2); empty = the primary
                opts.rule_set = loose->rule_sets()[size % loose->rule_sets().size()].id;
            (void)interpret(rep.calls,
                            {&fuzz::refs(), rep.genotype.candidate_genotypes()},
                            *loose,
                            contexts[size % contexts.size()],
                            opts);
        }
        if (size % 4 == 0)
            (void)mutation_db::load(dir, &fuzz::refs());
    }
    catch (hbvdr::error const &)
    {}
    return 0;
}
