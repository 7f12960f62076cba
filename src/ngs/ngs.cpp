#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <htslib/hts.h>
#include <htslib/hts_log.h>
#include <htslib/sam.h>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/gz_stream.hpp>
#include <hbvdr/io/text_content.hpp>
#include <hbvdr/ngs/ngs.hpp>

#include "hts_handles.hpp"
#include "readers.hpp"

namespace hbvdr
{

std::string_view to_string(input_kind const k) noexcept
{
    switch (k)
    {
    case input_kind::fasta:
        return "fasta";
    case input_kind::fastq:
        return "fastq";
    case input_kind::sam:
        return "sam";
    case input_kind::bam:
        return "bam";
    case input_kind::cram:
        return "cram";
    case input_kind::unknown:
        return "unknown";
    }
    return "unknown";
}

input_kind detect_input_kind(std::string const & path)
{
    if (path == "-")
        return input_kind::fasta;
    if (ngs_detail::sam_file_ptr f{hts_open(path.c_str(), "r")})
        switch (hts_get_format(f.get())->format)
        {
        case bam:
            return input_kind::bam;
        case cram:
            return input_kind::cram;
        case sam:
            return input_kind::sam;
        case fastq_format:
            return input_kind::fastq;
        case fasta_format:
            return input_kind::fasta;
        default:
            break;
        }
    // Not recognised by htslib (which refuses some content outright): say what the file is not.
    gz_streambuf buf{path};
    std::string const peeked = buf.peek(4096);
    std::string_view const head = strip_utf8_bom(peeked);
    std::string const not_any = display_path(path) + ": not FASTA, FASTQ, SAM, BAM or CRAM: ";
    if (std::string const reason = not_text_reason(head); !reason.empty())
        throw input_error{not_any + reason};
    std::size_t const first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || head[first] == '>' || head[first] == ';')
        return input_kind::fasta; // empty, blank or FASTA (after a byte-order mark): the FASTA reader says which
    if (head[first] == '@')
        return input_kind::fastq;
    throw input_error{not_any + "text starting with '" + printable_excerpt(first_line(head.substr(first)), 20) + "'"};
}

void ngs_prepare_htslib()
{
    // htslib fetches a CRAM reference it cannot find locally from a public server by MD5 unless
    // REF_PATH says otherwise: hbvdr never goes online, so point it at a local directory.
    char const * rp = std::getenv("REF_PATH");
    if (rp == nullptr || *rp == '\0')
    {
        std::string const local =
            (std::filesystem::temp_directory_path() / "hbvdr-no-reference-download" / "%s").string();
        setenv("REF_PATH", local.c_str(), 1);
    }
    hts_set_log_level(HTS_LOG_OFF);
}

namespace
{

constexpr std::pair<std::string_view, std::string_view> pair_tokens[] = {
    {"_R1", "_R2"}, {".R1", ".R2"}, {"_1.", "_2."}, {"_r1", "_r2"}};

std::string file_name(std::string const & path)
{
    return std::filesystem::path{path}.filename().string();
}

bool is_pair(std::string const & a, std::string const & b)
{
    std::string const fa = file_name(a), fb = file_name(b);
    if (fa.size() != fb.size())
        return false;
    for (auto const & [t1, t2] : pair_tokens)
        for (std::size_t at = fa.find(t1); at != std::string::npos; at = fa.find(t1, at + 1))
        {
            std::string x = fa;
            x.replace(at, t1.size(), t2);
            if (x == fb && std::filesystem::path{a}.parent_path() == std::filesystem::path{b}.parent_path())
                return true;
        }
    return false;
}

} // namespace

std::vector<std::vector<std::size_t>> pair_fastq_inputs(std::vector<std::string> const & paths,
                                                        std::vector<input_kind> const & kinds)
{
    std::vector<std::vector<std::size_t>> out;
    for (std::size_t i = 0; i < paths.size(); ++i)
    {
        if (kinds[i] == input_kind::fastq && i + 1 < paths.size() && kinds[i + 1] == input_kind::fastq
            && is_pair(paths[i], paths[i + 1]))
        {
            out.push_back({i, i + 1});
            ++i;
        }
        else
            out.push_back({i});
    }
    return out;
}

std::string ngs_sample_name(std::string const & path, bool const pair)
{
    std::string n = file_name(path);
    for (std::string_view const ext : {".gz", ".bgz", ".fastq", ".fq", ".bam", ".sam", ".cram", ".ubam"})
        if (n.size() > ext.size() && n.compare(n.size() - ext.size(), ext.size(), ext) == 0)
            n.resize(n.size() - ext.size());
    for (std::string_view const ext : {".fastq", ".fq"})
        if (n.size() > ext.size() && n.compare(n.size() - ext.size(), ext.size(), ext) == 0)
            n.resize(n.size() - ext.size());
    if (pair)
    {
        for (std::string_view const t : {"_R1", ".R1", "_r1"})
            if (std::size_t const at = n.rfind(t); at != std::string::npos)
            {
                n.erase(at, t.size());
                return n;
            }
        if (n.size() > 2 && n.compare(n.size() - 2, 2, "_1") == 0)
            n.resize(n.size() - 2);
    }
    return n.empty() ? "sample" : n;
}

namespace
{

bool has_contigs(std::string const & path)
{
    ngs_detail::sam_file_ptr f{sam_open(path.c_str(), "r")};
    if (!f)
        return false;
    ngs_detail::header_ptr h{sam_hdr_read(f.get())};
    return h && sam_hdr_nref(h.get()) > 0;
}

} // namespace

read_counts
count_reads(ngs_input const & input, reference_set const & refs, aligner const & align, ngs_options const & opts)
{
    read_counts out;
    out.result.files = input.display;
    out.result.thresholds = opts.thresholds;
    ngs_detail::reads_context const ctx{refs, align};
    ngs_detail::counted_sample cs;
    try
    {
        bool const aligned = input.kind == input_kind::sam || input.kind == input_kind::cram
                             || (input.kind == input_kind::bam && has_contigs(input.paths.front()));
        if (aligned)
        {
            out.result.input_kind = std::string{to_string(input.kind)};
            cs = ngs_detail::count_alignment_file(input, ctx, opts, out.result, out.warnings);
        }
        else
        {
            out.result.input_kind =
                input.kind == input_kind::bam ? "unaligned_bam" : (input.paths.size() > 1 ? "fastq_pair" : "fastq");
            cs = ngs_detail::count_unaligned_reads(input, ctx, opts, out.result, out.warnings);
        }
    }
    catch (input_error const & e)
    {
        out.error = e.what();
        return out;
    }
    catch (data_error const & e)
    {
        out.error = e.what();
        return out;
    }
    out.ref_index = cs.ref_index;
    out.window_start = cs.window_start;
    out.counter = std::move(cs.counter);
    return out;
}

ngs_calls call_codons(read_counts const & counts, std::size_t const reference, reference_set const & refs)
{
    ngs_calls out;
    out.reference = reference;
    out.result = counts.result;
    std::string & window = out.window.bases;
    counts.counter->call(refs.panel()[reference], refs, out.calls, out.mutations, out.result, window);
    out.window.ref_index = counts.ref_index;
    out.window.window_start = counts.window_start;
    out.window.query_pos.assign(window.size(), -1);
    out.window.method = "reads";

    // The consensus: the window trimmed to the bases reads reach, gaps left out.
    std::size_t const first = window.find_first_not_of(".N"), last = window.find_last_not_of(".N");
    if (first != std::string::npos)
    {
        for (std::size_t i = first; i <= last; ++i)
            if (window[i] != '-')
                out.result.consensus.push_back(window[i] == '.' ? 'N' : window[i]);
        out.result.consensus_region = refs.panel()[counts.ref_index].accession + ":"
                                      + std::to_string(counts.window_start + first + 1) + "-"
                                      + std::to_string(counts.window_start + last + 1);
    }
    return out;
}

std::string describe_thresholds(ngs_thresholds const & th, bool const per_sample)
{
    std::string const q = std::to_string(th.min_baseq);
    return "amino acids reported from " + format_fixed(100 * th.min_freq, 1)
           + "% at depth >= " + std::to_string(th.min_depth)
           + (per_sample ? " (whole codons, every base >= Q" + q + "; read pairs counted once)"
                         : " (whole codons, bases >= Q" + q + ")");
}

} // namespace hbvdr
