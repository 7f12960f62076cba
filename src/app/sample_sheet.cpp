#include <hbvdr/app/sample_sheet.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/io/text_content.hpp>

namespace hbvdr
{

sample_sheet read_sample_sheet(std::filesystem::path const & path)
{
    std::optional<std::string> const text = read_whole_file(path);
    if (!text)
        throw input_error{path.string() + ": the sample sheet cannot be read"};
    if (std::string const reason = not_text_reason(*text); !reason.empty())
        throw input_error{path.string() + ": not a sample sheet (tab-separated text): " + reason};
    sample_sheet sheet;
    sheet.path = path;
    std::filesystem::path const base = path.parent_path();
    int col_sample = -1, col_files = -1, col_history = -1, col_hbeag = -1;
    bool header = false;
    std::size_t line_no = 0;
    for (std::string_view line : split(strip_utf8_bom(*text), '\n'))
    {
        ++line_no;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (trim(line).empty() || line.front() == '#')
            continue;
        auto const cells = split(line, '\t');
        std::string const where = path.string() + ":" + std::to_string(line_no);
        if (!header)
        {
            for (std::size_t i = 0; i < cells.size(); ++i)
            {
                std::string_view const c = trim(cells[i]);
                int const idx = static_cast<int>(i);
                if (c == "sample")
                    col_sample = idx;
                else if (c == "files")
                    col_files = idx;
                else if (c == "history")
                    col_history = idx;
                else if (c == "hbeag")
                    col_hbeag = idx;
                else
                    sheet.ignored_columns.emplace_back(c);
            }
            if (col_sample < 0 || col_files < 0)
                throw input_error{where
                                  + ": the sample sheet header needs the columns 'sample' and 'files' (tab-separated; "
                                    "optional 'history' and 'hbeag')"};
            header = true;
            continue;
        }
        auto cell = [&](int const i)
        {
            return i >= 0 && static_cast<std::size_t>(i) < cells.size()
                       ? std::string{trim(cells[static_cast<std::size_t>(i)])}
                       : std::string{};
        };
        sheet_row row;
        row.line = line_no;
        row.sample = cell(col_sample);
        // split() returns views into its argument: the cell must outlive the loop.
        std::string const files = cell(col_files);
        for (std::string_view f : split(files, ';'))
            for (std::string_view g : split(f, ','))
                if (!trim(g).empty())
                {
                    std::filesystem::path p{std::string{trim(g)}};
                    row.files.push_back((p.is_absolute() ? p : base / p).lexically_normal().string());
                }
        row.history = cell(col_history);
        row.hbeag = cell(col_hbeag);
        if (row.sample.empty())
        {
            row.sample = "unnamed_line" + std::to_string(line_no);
            row.problem =
                "sample sheet line " + std::to_string(line_no) + ": the 'sample' cell is empty (name the sample)";
        }
        else if (row.files.empty())
            row.problem = "sample sheet line " + std::to_string(line_no) + ": no file given";
        else if (row.files.size() > 2)
            row.problem =
                "sample sheet line " + std::to_string(line_no) + ": at most two files (a FASTQ pair) per sample";
        else if (!row.hbeag.empty() && row.hbeag != "positive" && row.hbeag != "negative")
            row.problem = "sample sheet line " + std::to_string(line_no)
                          + ": hbeag must be positive, negative or empty, not '" + row.hbeag + "'";
        sheet.rows.push_back(std::move(row));
    }
    if (!header)
        throw input_error{path.string() + ": empty sample sheet (no header line)"};
    return sheet;
}

} // namespace hbvdr
