#pragma once

// Private to src/ngs: RAII owners of htslib objects (htslib types never leave src/ngs).

#include <memory>

#include <htslib/hts.h>
#include <htslib/sam.h>

namespace hbvdr::ngs_detail
{

struct sam_file_closer
{
    void operator()(samFile * f) const noexcept
    {
        if (f != nullptr)
            hts_close(f); // the return code only matters for files opened for writing
    }
};
struct header_deleter
{
    void operator()(sam_hdr_t * h) const noexcept
    {
        sam_hdr_destroy(h);
    }
};
struct record_deleter
{
    void operator()(bam1_t * b) const noexcept
    {
        bam_destroy1(b);
    }
};
struct index_deleter
{
    void operator()(hts_idx_t * i) const noexcept
    {
        hts_idx_destroy(i);
    }
};
struct iterator_deleter
{
    void operator()(hts_itr_t * i) const noexcept
    {
        hts_itr_destroy(i);
    }
};
struct kstring_owner
{
    kstring_t ks{0, 0, nullptr};
    kstring_owner() = default;
    kstring_owner(kstring_owner const &) = delete;
    kstring_owner & operator=(kstring_owner const &) = delete;
    ~kstring_owner()
    {
        free(ks.s);
    }
};

using sam_file_ptr = std::unique_ptr<samFile, sam_file_closer>;
using header_ptr = std::unique_ptr<sam_hdr_t, header_deleter>;
using record_ptr = std::unique_ptr<bam1_t, record_deleter>;
using index_ptr = std::unique_ptr<hts_idx_t, index_deleter>;
using iterator_ptr = std::unique_ptr<hts_itr_t, iterator_deleter>;

} // namespace hbvdr::ngs_detail
