#include <hbvdr/app/sample_sheet.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/io/tsv_table.hpp>

namespace hbvdr
{

sample_sheet read_sample_sheet(std::filesystem::path const & path)
{
    std::optional<std::string> const text = read_whole_file(path);
    if (!text)
        throw input_error{path.string() + ": the sample sheet cannot be read"};
    // Columns are found by name (others are ignored); a row may be shorter than the header.
    tsv_table const table = parse_tsv(*text, path.string(), tsv_format{.what = "sample sheet", .fixed_columns = false});
    sample_sheet sheet;
    sheet.path = path;
    std::filesystem::path const base = path.parent_path();
    int const col_sample = table.column("sample");
    int const col_files = table.column("files");
    int const col_history = table.column("history");
    int const col_hbeag = table.column("hbeag");
    for (std::string const & c : table.columns)
        if (c != "sample" && c != "files" && c != "history" && c != "hbeag")
            sheet.ignored_columns.push_back(c);
    if (col_sample < 0 || col_files < 0)
        throw input_error{table.where(table.header_line)
                          + ": the sample sheet header needs the columns 'sample' and 'files' (tab-separated; "
                            "optional 'history' and 'hbeag')"};
    for (tsv_line const & line : table.rows)
    {
        std::size_t const line_no = line.line;
        auto const & cells = line.cells;
        auto cell = [&](int const i)
        {
            return i >= 0 && static_cast<std::size_t>(i) < cells.size() ? cells[static_cast<std::size_t>(i)]
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
    return sheet;
}

} // namespace hbvdr
