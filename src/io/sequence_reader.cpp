// The only translation unit that includes SeqAn3's sequence I/O (it is expensive to compile).
#include <istream>
#include <optional>

#include <seqan3/alphabet/quality/phred94.hpp>
#include <seqan3/io/sequence_file/input.hpp>

#include <hbvdr/core/error.hpp>
#include <hbvdr/io/gz_stream.hpp>
#include <hbvdr/io/sequence_reader.hpp>

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

using fasta_file = seqan3::sequence_file_input<raw_traits,
                                               seqan3::fields<seqan3::field::id, seqan3::field::seq>,
                                               seqan3::type_list<seqan3::format_fasta>>;
using fastq_file =
    seqan3::sequence_file_input<raw_traits,
                                seqan3::fields<seqan3::field::id, seqan3::field::seq, seqan3::field::qual>,
                                seqan3::type_list<seqan3::format_fastq>>;

} // namespace

struct sequence_reader::impl
{
    gz_streambuf buf;
    std::istream stream;
    sequence_format fmt{sequence_format::fasta};
    std::optional<fasta_file> fasta;
    std::optional<fastq_file> fastq;
    bool started{false};
    std::size_t count{0};
    // Iterators must persist between next() calls.
    std::optional<decltype(std::declval<fasta_file &>().begin())> fasta_it;
    std::optional<decltype(std::declval<fastq_file &>().begin())> fastq_it;

    explicit impl(std::string const & path) : buf{path}, stream{&buf}
    {
        std::string const head = buf.peek(4096);
        std::size_t i = head.find_first_not_of(" \t\r\n");
        if (i == std::string::npos)
        {
            fmt = sequence_format::fasta; // empty file: no records
            return;
        }
        // SeqAn3 expects the first record at the very start: drop leading blank lines (also CRLF).
        stream.ignore(static_cast<std::streamsize>(i));
        char const c = head[i];
        if (c == '>' || c == ';')
            fmt = sequence_format::fasta;
        else if (c == '@')
            fmt = sequence_format::fastq;
        else
            throw input_error{buf.display_name() + ": not a FASTA or FASTQ file (first character '" + std::string(1, c)
                              + "'; FASTA records start with '>')"};
        if (fmt == sequence_format::fasta)
            fasta.emplace(stream, seqan3::format_fasta{});
        else
            fastq.emplace(stream, seqan3::format_fastq{});
    }
};

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
    auto split_header = [&rec](std::string & id)
    {
        std::size_t const ws = id.find_first_of(" \t");
        if (ws == std::string::npos)
        {
            rec.name = std::move(id);
            rec.description.clear();
        }
        else
        {
            rec.name = id.substr(0, ws);
            std::size_t const start = id.find_first_not_of(" \t", ws);
            rec.description = start == std::string::npos ? std::string{} : id.substr(start);
        }
        while (!rec.name.empty() && (rec.name.back() == '\r'))
            rec.name.pop_back();
        while (!rec.description.empty() && (rec.description.back() == '\r' || rec.description.back() == ' '))
            rec.description.pop_back();
    };
    try
    {
        if (d.fasta)
        {
            if (!d.started)
            {
                d.fasta_it.emplace(d.fasta->begin());
                d.started = true;
            }
            else
            {
                ++*d.fasta_it;
            }
            if (*d.fasta_it == d.fasta->end())
                return false;
            auto & r = **d.fasta_it;
            split_header(r.id());
            rec.sequence = std::move(r.sequence());
            rec.quality.clear();
        }
        else if (d.fastq)
        {
            if (!d.started)
            {
                d.fastq_it.emplace(d.fastq->begin());
                d.started = true;
            }
            else
            {
                ++*d.fastq_it;
            }
            if (*d.fastq_it == d.fastq->end())
                return false;
            auto & r = **d.fastq_it;
            split_header(r.id());
            rec.sequence = std::move(r.sequence());
            rec.quality.clear();
            rec.quality.reserve(r.base_qualities().size());
            for (auto const q : r.base_qualities())
                rec.quality.push_back(q.to_char());
        }
        else
        {
            return false;
        }
    }
    catch (input_error const &)
    {
        throw;
    }
    catch (std::exception const & e)
    {
        throw input_error{d.buf.display_name() + ": record " + std::to_string(d.count + 1)
                          + " is malformed: " + e.what()};
    }
    rec.index = d.count++;
    return true;
}

} // namespace hbvdr
