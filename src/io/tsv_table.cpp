//!\file
//!\brief The one reader of hbvdr's tab-separated tables: lines, magic line, header, rows, errors.

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/io/text_content.hpp>
#include <hbvdr/io/tsv_table.hpp>

namespace hbvdr
{

namespace
{

[[noreturn]] void fail(tsv_errors const errors, std::string const & message)
{
    if (errors == tsv_errors::data)
        throw data_error{message};
    throw input_error{message};
}

// A format error: the message and, in parentheses, what to do.
[[noreturn]] void fail(tsv_format const & format, std::string message)
{
    if (!format.help.empty())
        message += " (" + std::string{format.help} + ")";
    fail(format.errors, message);
}

std::vector<std::string> cells_of(std::string_view const line, bool const trim_cells)
{
    std::vector<std::string> out;
    for (std::string_view const c : split(line, '\t'))
        out.emplace_back(trim_cells ? trim(c) : c);
    return out;
}

// The magic line `magic<TAB>version`: its version, checked against the supported range.
long long read_magic(std::string_view const line, std::string const & where, tsv_format const & format)
{
    auto const f = split(line, '\t');
    long long v = 0;
    if (f.size() != 2 || f[0] != format.magic || !parse_int(trim(f[1]), v))
        fail(format,
             where + ": not a " + std::string{format.what} + " (expected '" + std::string{format.magic} + "<TAB>"
                 + std::to_string(format.max_version) + "')");
    if (v < format.min_version || v > format.max_version)
    {
        std::string const range = format.min_version == format.max_version
                                      ? std::to_string(format.max_version)
                                      : std::to_string(format.min_version) + "-" + std::to_string(format.max_version);
        std::string message = where + ": " + std::string{format.what} + " format " + std::to_string(v)
                              + " is not supported by this hbvdr (supports " + range + ")";
        if (!format.version_help.empty())
            message += "; " + std::string{format.version_help};
        fail(format.errors, message);
    }
    return v;
}

// The header line: exactly the expected one, or (none expected) the column names it gives.
void read_header(std::string_view const line, std::string const & where, tsv_format const & format, tsv_table & t)
{
    if (!format.header.empty() && line != format.header)
        fail(format, where + ": expected the column header '" + std::string{format.header} + "'");
    t.columns = cells_of(line, format.trim_cells);
}

} // namespace

std::string tsv_table::where(std::size_t const line) const
{
    return source + ":" + std::to_string(line);
}

int tsv_table::column(std::string_view const name) const noexcept
{
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name)
            return static_cast<int>(i);
    return -1;
}

tsv_table parse_tsv(std::string_view const text, std::string source, tsv_format const & format)
{
    if (std::string const reason = not_text_reason(text); !reason.empty())
        fail(format.errors, source + ": not a " + std::string{format.what} + " (tab-separated text): " + reason);
    tsv_table t;
    t.source = std::move(source);
    std::string_view const body = strip_utf8_bom(text);
    std::size_t pos = text.size() - body.size();
    bool header_seen = !format.has_header;
    for (std::size_t line_no = 1; pos < text.size() || (line_no == 1 && !format.magic.empty()); ++line_no)
    {
        std::size_t const end = std::min(text.find('\n', pos), text.size());
        std::string_view line = text.substr(pos, end - pos);
        pos = end < text.size() ? end + 1 : end;
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        if (line_no == 1 && !format.magic.empty())
        {
            t.version = read_magic(trim(line), t.where(line_no), format);
            continue;
        }
        if (trim(line).empty())
            continue;
        if (line.front() == '#')
        {
            t.comments.push_back({line_no, cells_of(line, format.trim_cells)});
            continue;
        }
        if (!header_seen)
        {
            read_header(line, t.where(line_no), format, t);
            t.header_line = line_no;
            t.body_offset = pos;
            header_seen = true;
            continue;
        }
        tsv_line row{line_no, cells_of(line, format.trim_cells)};
        if (format.fixed_columns && format.has_header && row.cells.size() != t.columns.size())
            fail(format,
                 t.where(line_no) + ": " + std::to_string(row.cells.size()) + " columns, the header has "
                     + std::to_string(t.columns.size()));
        t.rows.push_back(std::move(row));
    }
    if (!header_seen)
        fail(format.errors,
             t.source + ": empty " + std::string{format.what} + " (no header line"
                 + (format.help.empty() ? "" : "; " + std::string{format.help}) + ")");
    return t;
}

tsv_table read_tsv(std::filesystem::path const & path, tsv_format const & format)
{
    std::optional<std::string> const text = read_whole_file(path);
    if (!text)
        fail(format, path.string() + ": cannot be read");
    return parse_tsv(*text, path.string(), format);
}

} // namespace hbvdr
