#pragma once

//!\file
//!\brief One reader for hbvdr's tab-separated tables (mutation-db tables and manifest, the data
//! manifest, sample sheets, run outputs): an optional magic/version line, '#' comment lines, a
//! column header (exact or any), CRLF line ends and a UTF-8 byte-order mark; every error names
//! `file:line`, what is wrong and what to do.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hbvdr
{

//!\brief Which hbvdr error a malformed table raises: input_error (user input) or data_error (bundled data).
enum class tsv_errors
{
    input, //!< The table is user input (sample sheet, run output): input_error.
    data   //!< The table is bundled data (reference manifest, mutation database): data_error.
};

//!\brief How a table is laid out; the defaults read a table with an exact header of any width.
struct tsv_format
{
    //!\brief What the table is, read after "a" in messages: "not a sample sheet (tab-separated text)",
    //! "empty sample sheet (no header line)".
    std::string_view what{"table"};
    //!\brief If not empty, the first line must be `magic<TAB>version` (e.g. "#hbvdr-data-manifest").
    std::string_view magic{};
    //!\brief The oldest version after `magic` this hbvdr reads.
    long long min_version{1};
    //!\brief The newest version after `magic` this hbvdr reads.
    long long max_version{1};
    //!\brief What to do when the version is not supported (e.g. "use a matching data/ directory").
    std::string_view version_help{};
    //!\brief False: no header line; every line that is not blank or a comment is a row.
    bool has_header{true};
    //!\brief The exact column header (tab-separated); empty: the first line is the header, whatever it names.
    std::string_view header{};
    //!\brief True: every row has as many cells as the header; false: rows may be shorter or longer.
    bool fixed_columns{true};
    //!\brief True: leading and trailing whitespace is trimmed off every cell of the header and rows.
    bool trim_cells{true};
    //!\brief What to do, appended in parentheses to format errors (e.g. "see mutation-db/SCHEMA.md").
    std::string_view help{};
    //!\brief The exception type of errors.
    tsv_errors errors{tsv_errors::input};
};

//!\brief One line of a table split at tabs, with its 1-based line number in the file.
struct tsv_line
{
    std::size_t line{};             //!< 1-based line number in the file (the byte-order mark is not a line).
    std::vector<std::string> cells; //!< The cells, trimmed if the format says so.
};

//!\brief A table as read: its header, rows and comment lines.
struct tsv_table
{
    std::string source;               //!< The name in messages: a path or a file name ("rules.tsv").
    long long version{};              //!< The version of the magic line (0 without one).
    std::size_t header_line{};        //!< Line number of the column header (0 without one).
    std::vector<std::string> columns; //!< The column names of the header (empty without one).
    std::vector<tsv_line> rows;       //!< Every line after the header that is neither blank nor a comment.
    std::vector<tsv_line> comments;   //!< The '#' lines but the magic line, split (and trimmed) like rows.
    //!\brief Byte offset (in the text given, BOM included) of the line after the header: the body starts there.
    std::size_t body_offset{};

    //!\brief "source:line", the start of a message about a line of this table.
    [[nodiscard]] std::string where(std::size_t line) const;
    //!\brief The index of a column by name, or -1 if the header has no such column.
    [[nodiscard]] int column(std::string_view name) const noexcept;
};

/*!\brief Read a table from text already in memory (e.g. to hash the same bytes).
 * \param text   The file's bytes: a leading UTF-8 byte-order mark is skipped, CRLF is read as LF.
 * \param source The name messages give the table: "source:line: what (help)".
 * \param format How the table is laid out.
 * \throws input_error or data_error (per `format.errors`): not text, a wrong or missing magic line, an
 *         unsupported version, a wrong header, no header, a row with the wrong number of cells.
 */
[[nodiscard]] tsv_table parse_tsv(std::string_view text, std::string source, tsv_format const & format);

/*!\brief Read a table from a file; messages name the file by its path.
 * \throws input_error or data_error (per `format.errors`): the file cannot be read, or as parse_tsv.
 */
[[nodiscard]] tsv_table read_tsv(std::filesystem::path const & path, tsv_format const & format);

} // namespace hbvdr
