// Harness: FASTQ reads through hbvdr's NGS path (reader, alignment of each read, codon counting,
// calls). A plain input is one FASTQ file; a bundle (fuzz_support.hpp) with two parts is a pair
// (R1, R2), checked for matching read counts and names.

#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/ngs/ngs.hpp>

#include "fuzz_support.hpp"

using namespace hbvdr;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    // As hbvdr analyze sets them: QC and linkage over the database's resistance positions.
    static analysis_context const ctx = []
    {
        analysis_context c{fuzz::refs(), fuzz::default_aligner()};
        c.quality.key_rt_positions = fuzz::db().coverage_rt_positions();
        return c;
    }();
    std::string_view const text = fuzz::as_text(data, size);
    fuzz::clear_scratch();
    reads_input in;
    in.name = "fuzz";
    in.kind = input_kind::fastq;
    std::vector<fuzz::bundle_part> const parts = fuzz::split_bundle(text);
    if (parts.size() >= 2)
    {
        for (std::size_t i = 0; i < 2; ++i)
        {
            std::string const name = i == 0 ? "s_R1.fastq" : "s_R2.fastq";
            fuzz::write_file(fuzz::scratch_dir() / name, parts[i].body);
            in.paths.push_back((fuzz::scratch_dir() / name).string());
            in.display.push_back(name);
        }
    }
    else
    {
        fuzz::write_file(fuzz::scratch_dir() / "s.fastq", text);
        in.paths = {(fuzz::scratch_dir() / "s.fastq").string()};
        in.display = {"s.fastq"};
    }
    ngs_options opts;
    opts.linkage_positions = ctx.quality.key_rt_positions;
    // analyze_reads turns every problem into an error row: it must not throw at all.
    (void)analyze_reads(in, ctx, opts);
    return 0;
}
