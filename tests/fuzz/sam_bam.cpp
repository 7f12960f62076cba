// Harness: an alignment file (SAM text, BAM, CRAM; aligned or unaligned) through hbvdr's NGS path:
// identification, htslib's parsing through hbvdr's RAII handles, contig placement, the CIGAR walk,
// codon counting and the calls. The input is written to a file (htslib opens files by name).

#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/ngs/ngs.hpp>

#include "fuzz_support.hpp"

using namespace hbvdr;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    static bool const prepared = (ngs_prepare_htslib(), true);
    (void)prepared;
    // As hbvdr analyze sets them: QC and linkage over the database's resistance positions.
    static analysis_context const ctx = []
    {
        analysis_context c{fuzz::refs(), fuzz::default_aligner()};
        c.quality.key_rt_positions = fuzz::db().coverage_rt_positions();
        return c;
    }();
    fuzz::clear_scratch();
    std::string const path = (fuzz::scratch_dir() / "input").string();
    fuzz::write_file(path, fuzz::as_text(data, size));
    input_kind kind = input_kind::unknown;
    try
    {
        kind = detect_input_kind(path);
    }
    catch (hbvdr::error const &)
    {
        return 0;
    }
    if (kind != input_kind::sam && kind != input_kind::bam && kind != input_kind::cram)
        return 0;
    reads_input in;
    in.name = "fuzz";
    in.paths = {path};
    in.display = {"input"};
    in.kind = kind;
    ngs_options opts;
    opts.linkage_positions = ctx.quality.key_rt_positions;
    // analyze_reads turns every problem into an error row: it must not throw at all.
    (void)analyze_reads(in, ctx, opts);
    return 0;
}
