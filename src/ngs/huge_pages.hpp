#pragma once

// Private to src/ngs: memory for large tables, on transparent huge pages where the system offers them.

#include <cstddef>

namespace hbvdr::ngs_detail
{

//!\brief Memory for large tables, on transparent huge pages where the system offers them (fewer TLB misses
//! for look-ups that land anywhere in a table of several megabytes).
void * huge_allocate(std::size_t bytes);
void huge_deallocate(void * p, std::size_t bytes) noexcept;

template <typename T>
struct huge_page_allocator
{
    using value_type = T;
    huge_page_allocator() = default;
    template <typename U>
    huge_page_allocator(huge_page_allocator<U> const &) noexcept
    {}
    T * allocate(std::size_t const n)
    {
        return static_cast<T *>(huge_allocate(n * sizeof(T)));
    }
    void deallocate(T * const p, std::size_t const n) noexcept
    {
        huge_deallocate(p, n * sizeof(T));
    }
    template <typename U>
    bool operator==(huge_page_allocator<U> const &) const noexcept
    {
        return true;
    }
};

} // namespace hbvdr::ngs_detail
