#pragma once

//!\file
//!\brief A std::streambuf over zlib that reads plain or gzip/BGZF files and standard input alike.

#include <cstdint>
#include <memory>
#include <streambuf>
#include <string>
#include <vector>

namespace hbvdr
{

/*!\brief Reads a file ("-" = standard input) transparently decompressing gzip/BGZF.
 *
 * A read error or a truncated compressed stream throws input_error from underflow(), so a parser
 * on top never mistakes a cut-off file for a complete one.
 */
class gz_streambuf : public std::streambuf
{
public:
    //!\brief Open; throws input_error if the file cannot be opened.
    explicit gz_streambuf(std::string const & path);
    ~gz_streambuf() override;
    gz_streambuf(gz_streambuf const &) = delete;
    gz_streambuf & operator=(gz_streambuf const &) = delete;

    //!\brief Up to `n` upcoming (decompressed) bytes without consuming them.
    std::string peek(std::size_t n);
    /*!\brief Read one line (up to '\n', which is consumed but not stored) into `line`, keeping at
     * most `max_keep` of its bytes: the rest of a longer line is read and dropped, so memory stays
     * bounded whatever the line length. `length` is the whole line's length.
     * \returns false at the end of the data (no byte left to read).
     */
    bool read_line(std::string & line, std::size_t max_keep, std::size_t & length);
    //!\brief The name used in messages ("standard input" for "-").
    std::string const & display_name() const noexcept
    {
        return m_name;
    }
    //!\brief True if the underlying data is gzip/BGZF compressed (known after the first read).
    bool compressed() const noexcept;
    //!\brief Bytes of the file (compressed if gzip) consumed so far, for progress reports.
    std::uint64_t raw_offset() const noexcept;
    /*!\brief From now on, reading into a line longer than `max` bytes throws input_error: a parser
     * that keeps whole lines (SeqAn3) then never holds more than about `max` bytes of one.
     */
    void limit_line_length(std::size_t max) noexcept
    {
        m_max_line = max;
    }

protected:
    int_type underflow() override;

private:
    bool fill(); // read more; keeps unread bytes; false at end of data
    void * m_file{nullptr};
    std::vector<char> m_buf;
    std::string m_name;
    std::size_t m_line{0};     // bytes read since the last '\n'
    std::size_t m_max_line{0}; // 0: no limit
};

} // namespace hbvdr
