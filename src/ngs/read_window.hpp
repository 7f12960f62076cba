#pragma once

// Private to src/ngs: one read laid onto the reference window, and the whole-codon observations
// (RT and S frames from the same bases) taken from it.

#include <cstdint>
#include <vector>

#include <hbvdr/core/genes.hpp>

namespace hbvdr::ngs_detail
{

inline constexpr int n_rt = rt_info.n_codons;
inline constexpr int n_s = s_info.n_codons;
inline constexpr int n_slots = n_rt + n_s; // slot = RT codon (0..343), then S codon (344..569)

// Observation codes: 0..63 a codon (b1*16 + b2*4 + b3, A=0 C=1 G=2 T=3), then:
inline constexpr std::uint8_t code_del = 64;       // whole codon deleted
inline constexpr std::uint8_t code_disrupted = 65; // indel inside the codon
inline constexpr std::uint8_t code_ins = 66;       // in-frame insertion after the codon
inline constexpr std::uint8_t code_fs_ins = 67;    // insertion of a non-multiple of 3 after the codon
inline constexpr int n_codes = 68;

inline constexpr std::uint8_t base_none = 255;
inline constexpr std::uint8_t base_n = 4;
inline constexpr std::uint8_t base_del = 5;

inline constexpr std::size_t max_linkage_positions = 32;
inline constexpr int max_phred = 93; // higher base qualities count as Q93 in the error model
inline constexpr std::uint8_t residue_unknown = 255;
inline constexpr std::uint8_t residue_deleted = 21;

//!\brief One whole-codon observation of one read.
struct obs
{
    std::uint16_t slot;
    std::uint8_t code;
    std::uint8_t reverse; // read on the minus strand of the genome
    std::int32_t cmin;    // contig span of its bases (for mate overlap; contigs are at most 20 kb)
    std::int32_t cmax;
};

//!\brief Scratch: one read laid onto the window.
class read_window
{
public:
    explicit read_window(int window_len);

    void begin();
    //!\brief Put a read base (0-3, base_n, base_del) at window index w (-1: the reference lacks it).
    void put(int w, std::uint8_t base, std::uint8_t qual, std::int32_t contig_pos);
    //!\brief Put `n` consecutive read bases on consecutive window indices w0.. (contig positions p0..).
    void put_run(int w0, int n, std::uint8_t const * bases, std::uint8_t const * quals, std::int32_t p0);
    //!\brief `len` read bases not in the reference follow the last put base.
    void insertion(int len);
    //!\brief The read skips reference bases (CIGAR N): no codon across.
    void skip();
    bool empty() const noexcept
    {
        return m_lo > m_hi;
    }
    //!\brief Codon observations in the RT and S frames; clears the window. Counts low-quality drops.
    void
    extract(int rt1_window_index, int min_baseq, bool reverse, std::vector<obs> & out, std::uint64_t & low_quality);
    //!\brief Add the bases (quality >= min_baseq) to consensus counts (6 per window index: A C G T N del).
    void add_bases(std::vector<std::uint32_t> & counts, int min_baseq) const;

private:
    int m_len;
    std::vector<std::uint8_t> m_base, m_qual, m_link;
    std::vector<std::uint16_t> m_ins;
    std::vector<std::int32_t> m_cpos;
    int m_lo, m_hi;
    int m_prev{-1};
    int m_pending_ins{0};
    bool m_broken{false};
};

} // namespace hbvdr::ngs_detail
