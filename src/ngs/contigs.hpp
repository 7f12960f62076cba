#pragma once

//!\file
//!\brief Private to src/ngs: the contigs of an alignment file's header: their sequences (from
//! --bam-reference, or the panel by accession or M5 checksum) and where each contig position lands
//! on hbvdr's reference window.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <htslib/sam.h>

#include <hbvdr/ngs/ngs.hpp>

#include "readers.hpp"

namespace hbvdr::ngs_detail
{

//!\brief Where each contig position lands on the reference window (-1: nowhere).
struct contig_placement
{
    bool usable{false};
    bool reverse{false};
    std::vector<int> window_of;             //!< Per contig position.
    std::vector<std::uint16_t> forward_run; //!< Per contig position: positions from it on consecutive window indices.
    std::vector<std::uint8_t> window_base;  //!< Per window index: the contig's base there (0-3; other: none).
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges; //!< Contig ranges [begin, end) holding window bases.
    ngs_contig info;
    std::size_t ref_index{0};
    int window_start{0};
    int window_len{0};
};

/*!\brief Align a contig sequence to hbvdr's reference (any rotation, strand, a doubled genome or
 * an amplicon) and invert the alignment into contig position -> window index. `ref_index`: align
 * to this panel reference, or choose the best when it is npos.
 */
contig_placement
place_contig(std::string const & name, std::string_view sequence, aligner const & align, std::size_t ref_index);

//!\brief Every contig of a header placed; the usable ones all on the window of `ref_index`.
struct placed_contigs
{
    std::vector<contig_placement> places; //!< Per header contig (tid).
    std::size_t ref_index{0};             //!< Panel reference of the window.
    std::size_t first{0};                 //!< Index of the first usable contig (its window is the sample's).
};

/*!\brief Resolve the sequence of every contig in `hdr` and place it; each contig's row is appended
 * to `rows`. Throws input_error (`shown` names the file) when no contig holds the RT region.
 */
placed_contigs place_header_contigs(sam_hdr_t * hdr,
                                    std::string const & shown,
                                    reads_context const & ctx,
                                    ngs_options const & opts,
                                    std::vector<ngs_contig> & rows);

} // namespace hbvdr::ngs_detail
