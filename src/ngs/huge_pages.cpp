#include "huge_pages.hpp"

#include <cstdlib>
#include <new>

#include <sys/mman.h>

namespace hbvdr::ngs_detail
{

namespace
{

constexpr std::size_t huge_page = std::size_t{2} << 20;

} // namespace

void * huge_allocate(std::size_t const bytes)
{
    if (bytes < huge_page)
        return ::operator new (bytes, std::align_val_t{64});
    std::size_t const rounded = (bytes + huge_page - 1) / huge_page * huge_page;
    void * const p = std::aligned_alloc(huge_page, rounded);
    if (p == nullptr)
        throw std::bad_alloc{};
#ifdef MADV_HUGEPAGE
    madvise(p, rounded, MADV_HUGEPAGE); // advice only: no error if refused
#endif
    return p;
}

void huge_deallocate(void * const p, std::size_t const bytes) noexcept
{
    if (bytes < huge_page)
        ::operator delete (p, std::align_val_t{64});
    else
        std::free(p);
}

} // namespace hbvdr::ngs_detail
