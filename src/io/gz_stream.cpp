#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <hbvdr/core/error.hpp>
#include <hbvdr/io/gz_stream.hpp>

namespace hbvdr
{

namespace
{
constexpr std::size_t buffer_size = 1 << 18;
constexpr std::size_t putback = 64; // bytes before the read position kept for unget()
gzFile as_gz(void * p)
{
    return static_cast<gzFile>(p);
}
} // namespace

gz_streambuf::gz_streambuf(std::string const & path) : m_buf(buffer_size), m_name{path == "-" ? "standard input" : path}
{
    if (path == "-")
    {
        int const fd = ::dup(STDIN_FILENO);
        if (fd >= 0)
            m_file = ::gzdopen(fd, "rb");
    }
    else
    {
        m_file = ::gzopen(path.c_str(), "rb");
    }
    if (m_file == nullptr)
        throw input_error{m_name + ": cannot be opened: " + std::strerror(errno)};
    ::gzbuffer(as_gz(m_file), 1 << 17);
    setg(m_buf.data(), m_buf.data(), m_buf.data());
}

gz_streambuf::~gz_streambuf()
{
    if (m_file != nullptr)
        ::gzclose(as_gz(m_file));
}

bool gz_streambuf::compressed() const noexcept
{
    return m_file != nullptr && ::gzdirect(as_gz(m_file)) == 0;
}

std::uint64_t gz_streambuf::raw_offset() const noexcept
{
    if (m_file == nullptr)
        return 0;
    long const off = ::gzoffset(as_gz(m_file));
    return off < 0 ? 0 : static_cast<std::uint64_t>(off);
}

bool gz_streambuf::fill()
{
    // Keep the unread bytes and up to `putback` bytes read before them, so that a reader can put
    // back what it read: SeqAn3 reads up to 18 bytes of a file to look for a compression magic
    // number and ungets them, also when the file is shorter than that and the read met its end.
    std::size_t const unread = static_cast<std::size_t>(egptr() - gptr());
    std::size_t const back = std::min(putback, static_cast<std::size_t>(gptr() - eback()));
    char * const keep = gptr() - back;
    if (keep != m_buf.data() && back + unread > 0)
        std::memmove(m_buf.data(), keep, back + unread);
    char * const next = m_buf.data() + back;
    std::size_t const have = back + unread;
    if (have == m_buf.size())
    {
        setg(m_buf.data(), next, next + unread);
        return true;
    }
    int const n = ::gzread(as_gz(m_file), m_buf.data() + have, static_cast<unsigned>(m_buf.size() - have));
    int err = Z_OK;
    char const * const msg = ::gzerror(as_gz(m_file), &err);
    if (n < 0 || (err != Z_OK && err != Z_STREAM_END))
    {
        std::string what = (err == Z_BUF_ERROR) ? "compressed data is truncated (unexpected end of file)"
                                                : std::string{"read error: "} + (msg ? msg : "unknown");
        if (err == Z_ERRNO)
            what = std::string{"read error: "} + std::strerror(errno);
        throw input_error{m_name + ": " + what + "; the file is incomplete or corrupt - re-copy or re-download it"};
    }
    // The line going on from the last read ends at the first '\n' of these bytes (or goes on);
    // lines that start and end inside them are shorter than the buffer.
    char const * const fresh = m_buf.data() + have;
    auto const size = static_cast<std::size_t>(n);
    auto const * const first = static_cast<char const *>(std::memchr(fresh, '\n', size));
    std::size_t const longest = m_line + (first != nullptr ? static_cast<std::size_t>(first - fresh) : size);
    auto const * const last = static_cast<char const *>(::memrchr(fresh, '\n', size));
    m_line = last != nullptr ? static_cast<std::size_t>(fresh + size - last - 1) : longest;
    if (m_max_line > 0 && longest > m_max_line)
        throw input_error{m_name + ": a line longer than " + std::to_string(m_max_line)
                          + " bytes: not read (an HBV sequence or read is at most a few kb)"};
    setg(m_buf.data(), next, next + unread + static_cast<std::size_t>(n));
    return n > 0;
}

gz_streambuf::int_type gz_streambuf::underflow()
{
    if (gptr() < egptr())
        return traits_type::to_int_type(*gptr());
    if (!fill() && gptr() == egptr())
        return traits_type::eof();
    return traits_type::to_int_type(*gptr());
}

std::string gz_streambuf::peek(std::size_t n)
{
    n = std::min(n, m_buf.size() - putback); // what the buffer can hold ahead of the read position
    while (static_cast<std::size_t>(egptr() - gptr()) < n)
        if (!fill())
            break;
    return std::string{gptr(), std::min(n, static_cast<std::size_t>(egptr() - gptr()))};
}

bool gz_streambuf::read_line(std::string & line, std::size_t const max_keep, std::size_t & length)
{
    line.clear();
    length = 0;
    if (gptr() == egptr() && !fill())
        return false;
    while (gptr() < egptr() || fill())
    {
        std::size_t const available = static_cast<std::size_t>(egptr() - gptr());
        auto const * const newline = static_cast<char const *>(std::memchr(gptr(), '\n', available));
        std::size_t const n = newline != nullptr ? static_cast<std::size_t>(newline - gptr()) : available;
        if (line.size() < max_keep)
            line.append(gptr(), std::min(n, max_keep - line.size()));
        length += n;
        gbump(static_cast<int>(n + (newline != nullptr ? 1 : 0)));
        if (newline != nullptr)
            break;
    }
    return true;
}

} // namespace hbvdr
