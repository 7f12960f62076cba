// The only translation unit that includes SeqAn3's sequence I/O (it is expensive to compile).
#include <istream>
#include <optional>

#include <seqan3/alphabet/quality/phred94.hpp>
#include <seqan3/io/sequence_file/input.hpp>

#include <hbvdr/core/error.hpp>
#include <hbvdr/io/gz_stream.hpp>
#include <hbvdr/io/sequence_reader.hpp>
#include <hbvdr/io/text_content.hpp>

namespace hbvdr
{

namespace
{

// Read every character as-is; validation (IUPAC, gaps) is ours, per record, so that one bad record
// becomes an error row instead of aborting the file. SeqAn3's own alphabets would throw or map
// unknown letters to N.
struct raw_traits : seqan3::sequence_file_input_default_traits_dna
{
    using sequence_alphabet = char;
    using sequence_legal_alphabet = char;
    template <typename alph>
    using sequence_container = std::string;
    template <typename alph>
    using sequence_container_container = std::vector<std::string>;
    using quality_alphabet = seqan3::phred94; // every printable quality character, unclamped
    using id_alphabet = char;
    template <typename alph>
    using id_container = std::string;
    template <typename alph>
    using id_container_container = std::vector<std::string>;
};

using fastq_file =
    seqan3::sequence_file_input<raw_traits,
                                seqan3::fields<seqan3::field::id, seqan3::field::seq, seqan3::field::qual>,
                                seqan3::type_list<seqan3::format_fastq>>;

bool is_blank(char const c)
{
    return c == ' ' || c == '\t';
}

// The first character of a line that is not a space or tab ('\0' for a blank line).
char first_char(std::string_view const line)
{
    for (char const c : line)
        if (!is_blank(c))
            return c;
    return '\0';
}

// Name and description of a header line (without its '>').
void split_header(std::string_view id, sequence_record & rec)
{
    while (!id.empty() && (id.back() == '\r' || is_blank(id.back())))
        id.remove_suffix(1);
    std::size_t const ws = id.find_first_of(" \t");
    rec.name = id.substr(0, ws);
    rec.description.clear();
    if (ws != std::string_view::npos)
        if (std::size_t const start = id.find_first_not_of(" \t", ws); start != std::string_view::npos)
            rec.description = id.substr(start);
}

} // namespace

struct sequence_reader::impl
{
    gz_streambuf buf;
    std::istream stream;
    sequence_format fmt{sequence_format::fasta};
    std::size_t count{0};
    // FASTQ: SeqAn3; iterators must persist between next() calls.
    std::optional<fastq_file> fastq;
    std::optional<decltype(std::declval<fastq_file &>().begin())> fastq_it;
    // FASTA: read line by line here ('>' starts a record only at the start of a line; SeqAn3 also
    // starts one at a '>' or ';' inside a line).
    std::string line;
    std::size_t line_no{0};
    bool header_pending{false}; // `line` is the header of the next record
    bool line_longer_than_kept{false};

    explicit impl(std::string const & path) : buf{path}, stream{&buf}
    {
        std::string const peeked = buf.peek(4096);
        std::string_view const head = strip_utf8_bom(peeked);
        stream.ignore(static_cast<std::streamsize>(peeked.size() - head.size())); // a byte-order mark
        if (std::string const reason = not_text_reason(head); !reason.empty())
            throw input_error{buf.display_name() + ": not a FASTA or FASTQ file: " + reason};
        std::size_t i = head.find_first_not_of(" \t\r\n");
        if (i == std::string::npos)
            return; // empty file: no records
        char const c = head[i];
        if (c == '>' || c == ';')
            return;
        if (c != '@')
            throw input_error{buf.display_name() + ": not a FASTA or FASTQ file (it starts with '"
                              + printable_excerpt(first_line(head.substr(i)), 20) + "'; FASTA records start with '>')"};
        fmt = sequence_format::fastq;
        buf.limit_line_length(max_record_size);
        // SeqAn3 expects the first record at the very start: drop leading blank lines (also CRLF).
        stream.ignore(static_cast<std::streamsize>(i));
        fastq.emplace(stream, seqan3::format_fastq{});
    }

    bool next_line()
    {
        std::size_t length = 0;
        if (!buf.read_line(line, max_record_size + 1, length))
            return false;
        line_longer_than_kept = length > line.size();
        ++line_no;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        return true;
    }

    bool next_fasta(sequence_record & rec);
};

// Blank lines and ';' comment lines (the old FASTA convention) are skipped wherever they are.
bool sequence_reader::impl::next_fasta(sequence_record & rec)
{
    while (!header_pending)
    {
        if (!next_line())
            return false;
        char const c = first_char(line);
        if (c == '>')
            header_pending = true;
        else if (c != '\0' && c != ';')
            throw input_error{buf.display_name() + ": line " + std::to_string(line_no)
                              + ": sequence before the first header line ('>name')"};
    }
    header_pending = false;
    std::string const too_long = " longer than " + std::to_string(max_record_size)
                                 + " characters (an HBV sequence is at most a few kb): not read";
    rec.problem = line_longer_than_kept ? "header line" + too_long : std::string{};
    std::string_view id{line};
    id.remove_prefix(id.find('>') + 1);
    while (!id.empty() && is_blank(id.front()))
        id.remove_prefix(1);
    split_header(id, rec);
    rec.sequence.clear();
    rec.quality.clear();
    bool over = false; // the sequence is too long: the rest of the record is read past
    while (next_line())
    {
        char const c = first_char(line);
        if (c == '>')
        {
            header_pending = true;
            break;
        }
        if (c == ';' || over)
            continue;
        if (std::size_t const at = line.find('>'); at != std::string::npos && rec.problem.empty())
            rec.problem = "'>' inside a sequence line (line " + std::to_string(line_no) + ", column "
                          + std::to_string(at + 1)
                          + "): a header starts its own line - is a line break missing before it?";
        // As SeqAn3 did: white space and digits (numbered sequence lines) are not sequence.
        for (char const b : line)
            if (!is_blank(b) && b != '\r' && b != '\v' && b != '\f' && (b < '0' || b > '9'))
                rec.sequence.push_back(b);
        if (line_longer_than_kept || rec.sequence.size() > max_record_size)
        {
            over = true;
            rec.problem = "sequence" + too_long;
            rec.sequence.clear();
        }
    }
    rec.index = count++;
    return true;
}

sequence_reader::sequence_reader(std::string const & path) : m_impl{std::make_unique<impl>(path)}
{}

sequence_reader::~sequence_reader() = default;

sequence_format sequence_reader::format() const noexcept
{
    return m_impl->fmt;
}

std::uint64_t sequence_reader::bytes_read() const noexcept
{
    return m_impl->buf.raw_offset();
}

std::string const & sequence_reader::display_name() const noexcept
{
    return m_impl->buf.display_name();
}

bool sequence_reader::next(sequence_record & rec)
{
    impl & d = *m_impl;
    if (!d.fastq)
        return d.next_fasta(rec);
    try
    {
        if (!d.fastq_it)
            d.fastq_it.emplace(d.fastq->begin());
        else
            ++*d.fastq_it;
        if (*d.fastq_it == d.fastq->end())
            return false;
        auto & r = **d.fastq_it;
        split_header(r.id(), rec);
        rec.sequence = std::move(r.sequence());
        rec.problem.clear();
        rec.quality.clear();
        rec.quality.reserve(r.base_qualities().size());
        for (auto const q : r.base_qualities())
            rec.quality.push_back(q.to_char());
    }
    catch (input_error const &)
    {
        throw;
    }
    catch (std::exception const & e)
    {
        throw input_error{d.buf.display_name() + ": record " + std::to_string(d.count + 1)
                          + " is malformed or cut short (a FASTQ record is four lines: '@name', the bases, '+', one "
                            "quality character per base; SeqAn3: "
                          + e.what() + ")"};
    }
    rec.index = d.count++;
    return true;
}

} // namespace hbvdr
