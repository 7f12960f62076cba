#pragma once

//!\file
//!\brief Streaming FASTA/FASTQ reader (plain or gzip, file or standard input).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace hbvdr
{

//!\brief One record as read, before any validation.
struct sequence_record
{
    std::string name;        //!< First word of the header line.
    std::string description; //!< Rest of the header line (may be empty).
    std::string sequence;    //!< Sequence characters as in the file, line breaks and spaces removed.
    std::string quality;     //!< FASTQ qualities (empty for FASTA).
    std::size_t index{0};    //!< 0-based number of the record in its file.
    //! Why the record cannot be used although the file goes on (e.g. a '>' inside a sequence
    //! line); empty if none. The reader continues with the next record.
    std::string problem;
};

//!\brief Longest record a reader keeps (sequence characters, header or FASTQ line): 1 MiB. An HBV
//! genome is 3.2 kb; more is not a sequence to analyse, and memory stays bounded whatever the input.
inline constexpr std::size_t max_record_size = std::size_t{1} << 20;

enum class sequence_format
{
    fasta,
    fastq
};

/*!\brief Reads FASTA or FASTQ records one at a time (memory independent of file size).
 *
 * The format is detected from the first non-blank character ('>' or ';' FASTA, '@' FASTQ).
 * FASTA: a record starts at a line whose first non-blank character is '>'; blank lines and ';'
 * comment lines are skipped; white space and digits in sequence lines are dropped. A '>' inside a
 * sequence line, or a sequence or header longer than max_record_size (read past, not kept), makes
 * that record's `problem`. Throws input_error if the file cannot be opened, is not FASTA/FASTQ, is
 * truncated (gzip) or malformed as a whole (text before the first header, a broken FASTQ record,
 * a FASTQ line longer than max_record_size); the message names the file and the line or record.
 */
class sequence_reader
{
public:
    //!\brief Open `path` ("-" reads standard input; call std::ios::sync_with_stdio(false) first).
    explicit sequence_reader(std::string const & path);
    ~sequence_reader();
    sequence_reader(sequence_reader const &) = delete;
    sequence_reader & operator=(sequence_reader const &) = delete;

    //!\brief Read the next record into `rec`; false at the end of the file.
    bool next(sequence_record & rec);
    sequence_format format() const noexcept;
    //!\brief Bytes of the file consumed so far (compressed bytes for gzip), for progress reports.
    std::uint64_t bytes_read() const noexcept;
    //!\brief The name used in messages ("standard input" for "-").
    std::string const & display_name() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> m_impl;
};

} // namespace hbvdr
