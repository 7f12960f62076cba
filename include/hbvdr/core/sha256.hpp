#pragma once

//!\file
//!\brief SHA-256 (FIPS 180-4) for verifying bundled data files and database releases.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace hbvdr
{

//!\brief Incremental SHA-256.
class sha256
{
public:
    sha256() noexcept;
    void update(std::string_view data) noexcept;
    //!\brief Finish and return the lower-case hex digest; the object must not be updated afterwards.
    std::string hex_digest();

private:
    void compress(unsigned char const * block) noexcept;
    std::array<std::uint32_t, 8> m_state{};
    std::array<unsigned char, 64> m_buffer{};
    std::uint64_t m_length{0};
    std::size_t m_buffered{0};
};

//!\brief Hex SHA-256 of a string.
std::string sha256_hex(std::string_view data);

//!\brief Hex SHA-256 of a file's bytes; throws data_error if it cannot be read.
std::string sha256_file(std::string const & path);

} // namespace hbvdr
