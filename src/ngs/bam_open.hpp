#pragma once

//!\file
//!\brief Private to src/ngs: opening a SAM/BAM/CRAM file for counting, with its checks (header,
//! end-of-file marker, reference contigs), decompression threads, the CRAM reference and the index.

#include <string>
#include <vector>

#include <hbvdr/ngs/options.hpp>

#include "hts_handles.hpp"

namespace hbvdr::ngs_detail
{

//!\brief An open alignment file, its header read.
struct alignment_file
{
    sam_file_ptr fp;     //!< The open file.
    header_ptr hdr;      //!< Its header (lists at least one contig).
    bool is_bam{false};  //!< BAM (else CRAM or SAM).
    bool is_cram{false}; //!< CRAM (else BAM or SAM).
};

/*!\brief Open `path` (`shown` in messages) and read its header; CRAM decoding with
 * --bam-reference, decompression threads, and the end-of-file check of BAM and CRAM. Throws
 * input_error for a file that cannot be used; what can be read anyway goes to `warnings`.
 */
alignment_file open_alignment_file(std::string const & path,
                                   std::string const & shown,
                                   ngs_options const & opts,
                                   std::vector<std::string> & warnings);

//!\brief Whether the header says the records are sorted by coordinate (@HD SO:coordinate).
bool coordinate_sorted(alignment_file const & f);

//!\brief The index of a BAM or CRAM (null, with a warning, when there is none; always null for SAM).
index_ptr load_index(alignment_file const & f,
                     std::string const & path,
                     std::string const & shown,
                     std::vector<std::string> & warnings);

} // namespace hbvdr::ngs_detail
