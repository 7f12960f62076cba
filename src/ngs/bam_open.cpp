//!\file
//!\brief Opening a SAM/BAM/CRAM file for counting, with its checks.

#include "bam_open.hpp"

#include <string_view>

#include <htslib/hts.h>
#include <htslib/sam.h>

#include <hbvdr/core/error.hpp>

namespace hbvdr::ngs_detail
{

alignment_file open_alignment_file(std::string const & path,
                                   std::string const & shown,
                                   ngs_options const & opts,
                                   std::vector<std::string> & warnings)
{
    alignment_file f;
    f.fp.reset(sam_open(path.c_str(), "r"));
    if (!f.fp)
        throw input_error{shown + ": cannot open as SAM/BAM/CRAM"};
    htsFormat const * fmt = hts_get_format(f.fp.get());
    f.is_cram = fmt->format == cram;
    f.is_bam = fmt->format == bam;
    if (f.is_cram && !opts.bam_reference.empty())
        if (hts_set_fai_filename(f.fp.get(), opts.bam_reference.c_str()) != 0)
            throw input_error{shown + ": cannot use " + opts.bam_reference.string()
                              + " as the CRAM reference (no FASTA or .fai index)"};
    if (opts.hts_threads > 0)
        if (hts_set_threads(f.fp.get(), static_cast<int>(opts.hts_threads)) != 0)
            warnings.push_back("could not start decompression threads; reading on one thread");
    f.hdr.reset(sam_hdr_read(f.fp.get()));
    if (!f.hdr)
        throw input_error{shown + ": no valid SAM/BAM/CRAM header (truncated or not an alignment file)"};
    if (f.is_bam || f.is_cram)
    {
        int const eof = hts_check_EOF(f.fp.get());
        if (eof == 0)
            throw input_error{shown + ": the file is truncated (no end-of-file marker); re-create or re-copy it"};
        if (eof < 0)
            warnings.push_back("could not check the end-of-file marker");
    }
    if (sam_hdr_nref(f.hdr.get()) <= 0)
        throw input_error{
            shown
            + ": the header lists no reference contig (@SQ); unaligned reads are read from FASTQ or an unaligned BAM"};
    return f;
}

bool coordinate_sorted(alignment_file const & f)
{
    kstring_owner so;
    return sam_hdr_find_tag_hd(f.hdr.get(), "SO", &so.ks) == 0 && so.ks.s != nullptr
           && std::string_view{so.ks.s} == "coordinate";
}

index_ptr load_index(alignment_file const & f,
                     std::string const & path,
                     std::string const & shown,
                     std::vector<std::string> & warnings)
{
    if (!f.is_bam && !f.is_cram)
        return {};
    index_ptr idx{sam_index_load3(f.fp.get(), path.c_str(), nullptr, HTS_IDX_SILENT_FAIL)};
    if (!idx)
        warnings.push_back("no index (.bai/.csi/.crai) next to " + shown + ": the whole file was read");
    return idx;
}

} // namespace hbvdr::ngs_detail
