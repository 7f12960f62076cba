#include <cstring>
#include <fstream>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/sha256.hpp>

namespace hbvdr
{

namespace
{
constexpr std::array<std::uint32_t, 64> k_table{
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t const x, int const n) noexcept
{
    return (x >> n) | (x << (32 - n));
}
} // namespace

sha256::sha256() noexcept :
    m_state{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}
{}

void sha256::compress(unsigned char const * const block) noexcept
{
    std::array<std::uint32_t, 64> w{};
    for (std::size_t i = 0; i < 16; ++i)
        w[i] = (std::uint32_t{block[4 * i]} << 24) | (std::uint32_t{block[4 * i + 1]} << 16)
               | (std::uint32_t{block[4 * i + 2]} << 8) | std::uint32_t{block[4 * i + 3]};
    for (std::size_t i = 16; i < 64; ++i)
    {
        std::uint32_t const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        std::uint32_t const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = m_state;
    for (std::size_t i = 0; i < 64; ++i)
    {
        std::uint32_t const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        std::uint32_t const ch = (e & f) ^ (~e & g);
        std::uint32_t const t1 = h + s1 + ch + k_table[i] + w[i];
        std::uint32_t const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        std::uint32_t const maj = (a & b) ^ (a & c) ^ (b & c);
        std::uint32_t const t2 = s0 + maj;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    m_state[0] += a;
    m_state[1] += b;
    m_state[2] += c;
    m_state[3] += d;
    m_state[4] += e;
    m_state[5] += f;
    m_state[6] += g;
    m_state[7] += h;
}

void sha256::update(std::string_view data) noexcept
{
    m_length += data.size();
    while (!data.empty())
    {
        std::size_t const take = std::min(data.size(), 64 - m_buffered);
        std::memcpy(m_buffer.data() + m_buffered, data.data(), take);
        m_buffered += take;
        data.remove_prefix(take);
        if (m_buffered == 64)
        {
            compress(m_buffer.data());
            m_buffered = 0;
        }
    }
}

std::string sha256::hex_digest()
{
    std::uint64_t const bit_length = m_length * 8;
    unsigned char const pad_start = 0x80;
    update(std::string_view{reinterpret_cast<char const *>(&pad_start), 1});
    unsigned char const zero = 0;
    while (m_buffered != 56)
        update(std::string_view{reinterpret_cast<char const *>(&zero), 1});
    std::array<unsigned char, 8> len{};
    for (std::size_t i = 0; i < 8; ++i)
        len[i] = static_cast<unsigned char>(bit_length >> (56 - 8 * i));
    update(std::string_view{reinterpret_cast<char const *>(len.data()), len.size()});
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (std::uint32_t const v : m_state)
        for (int shift = 28; shift >= 0; shift -= 4)
            out.push_back(hex[(v >> shift) & 15u]);
    return out;
}

std::string sha256_hex(std::string_view const data)
{
    sha256 h;
    h.update(data);
    return h.hex_digest();
}

std::string sha256_file(std::string const & path)
{
    std::ifstream in{path, std::ios::binary};
    if (!in)
        throw data_error{path + ": cannot be opened for reading"};
    sha256 h;
    std::array<char, 1 << 16> buf{};
    while (in)
    {
        in.read(buf.data(), buf.size());
        h.update(std::string_view{buf.data(), static_cast<std::size_t>(in.gcount())});
    }
    if (in.bad())
        throw data_error{path + ": read error"};
    return h.hex_digest();
}

} // namespace hbvdr
