#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <hbvdr/app/aggregate.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/io/atomic_file.hpp>
#include <hbvdr/io/json_fields.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/report_options.hpp>

#include <nlohmann/json.hpp>

namespace hbvdr
{

namespace
{

std::string slurp(std::filesystem::path const & p)
{
    std::optional<std::string> text = read_whole_file(p);
    if (!text)
        throw input_error{p.string() + ": cannot be read (is this a complete hbvdr analyze output directory?)"};
    return std::move(*text);
}

// Split a table into its header (comment lines and the column line) and its body.
std::pair<std::string, std::string> split_table(std::string const & text)
{
    std::size_t pos = 0;
    while (pos < text.size())
    {
        std::size_t const end = text.find('\n', pos);
        std::size_t const next = end == std::string::npos ? text.size() : end + 1;
        bool const comment = text[pos] == '#';
        pos = next;
        if (!comment)
            break;
    }
    return {text.substr(0, pos), text.substr(pos)};
}

} // namespace

void aggregate_runs(std::vector<std::filesystem::path> const & runs,
                    std::filesystem::path const & out_dir,
                    std::ostream & log)
{
    if (runs.empty())
        throw usage_error{"aggregate: no run directories given"};
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec)
        throw output_error{out_dir.string() + ": cannot create the output directory: " + ec.message()};

    // Tables: whatever the first run has (summary, calls, mutations, drugs, MultiQC files, …).
    std::vector<std::string> tables;
    for (auto const & e : std::filesystem::directory_iterator{runs.front()})
    {
        std::string const n = e.path().filename().string();
        if (e.is_regular_file() && n.size() > 4 && n.substr(n.size() - 4) == ".tsv" && n.front() != '.')
            tables.push_back(n);
    }
    std::sort(tables.begin(), tables.end());
    if (std::find(tables.begin(), tables.end(), "summary.tsv") == tables.end())
        throw input_error{runs.front().string()
                          + ": no summary.tsv (is this a complete hbvdr analyze output directory?)"};
    for (std::string const & t : tables)
    {
        std::string header, body;
        for (std::size_t i = 0; i < runs.size(); ++i)
        {
            auto const [h, b] = split_table(slurp(runs[i] / t));
            if (i == 0)
                header = h;
            else if (h != header)
                throw input_error{(runs[i] / t).string() + ": its header differs from " + (runs.front() / t).string()
                                  + ": only runs made with the same hbvdr, data and database can be aggregated"};
            body += b;
        }
        write_file_atomically(out_dir / t, header + body);
    }
    // FASTA outputs (consensus sequences) are plain concatenations.
    for (auto const & e : std::filesystem::directory_iterator{runs.front()})
        if (e.is_regular_file() && e.path().extension() == ".fasta")
        {
            std::string all;
            for (std::filesystem::path const & r : runs)
                all += slurp(r / e.path().filename());
            write_file_atomically(out_dir / e.path().filename(), all);
        }

    // results.json: identical prefix up to the "samples" line; one sample per line, each read back
    // through checked accessors (a missing or mistyped field names the file, sample and field).
    std::string prefix;
    std::vector<std::string> samples;
    std::vector<index_row> rows;
    for (std::filesystem::path const & r : runs)
    {
        std::string const where = (r / "results.json").string();
        std::string const text = slurp(r / "results.json");
        std::string const marker = "\"samples\": [\n";
        std::size_t const p = text.find(marker);
        std::size_t const tail = text.rfind("]\n}\n");
        if (p == std::string::npos || tail == std::string::npos || tail < p + marker.size())
            throw input_error{where + ": not an hbvdr results.json (or incomplete)"};
        std::string const head = text.substr(0, p + marker.size());
        if (prefix.empty())
            prefix = head;
        else if (head != prefix)
            throw input_error{where + ": its header (tool, data, database or parameters) differs from "
                              + (runs.front() / "results.json").string()};
        std::istringstream lines{text.substr(p + marker.size(), tail - p - marker.size())};
        std::size_t n = 0;
        for (std::string line; std::getline(lines, line);)
        {
            if (line.empty())
                continue;
            if (line.back() == ',')
                line.pop_back();
            rows.push_back(index_row_from_json(line, where + " (sample " + std::to_string(++n) + ")"));
            samples.push_back(std::move(line));
        }
    }
    std::string json = prefix;
    for (std::size_t i = 0; i < samples.size(); ++i)
        json += (i == 0 ? "" : ",\n") + samples[i];
    json += (samples.empty() ? "" : "\n") + std::string{"]\n}\n"};
    write_file_atomically(out_dir / "results.json", json);

    // The run index, rebuilt from the merged samples exactly as `hbvdr analyze` builds it.
    if (std::filesystem::exists(runs.front() / "index.html"))
    {
        json_fields const f{(runs.front() / "results.json").string()};
        nlohmann::json const head = f.parse(prefix + "]}");
        report_options opts;
        opts.tool_version = f.str(f.object(head, "tool", ""), "version", "tool.");
        if (nlohmann::json const * db = f.optional(head, "mutation_db"))
            opts.db_label =
                db_label_text(f.str(*db, "name", "mutation_db.") + " " + f.str(*db, "version", "mutation_db."),
                              f.str(*db, "release_date", "mutation_db."));
        write_file_atomically(out_dir / "index.html", html_index(rows, opts));
    }

    // Per-sample report files.
    std::set<std::string> seen;
    std::size_t copied = 0;
    for (std::filesystem::path const & r : runs)
    {
        if (!std::filesystem::is_directory(r / "reports"))
            continue;
        std::filesystem::create_directories(out_dir / "reports");
        std::vector<std::filesystem::path> files;
        for (auto const & e : std::filesystem::directory_iterator{r / "reports"})
            if (e.is_regular_file() && e.path().filename().string().front() != '.')
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (std::filesystem::path const & f : files)
        {
            if (!seen.insert(f.filename().string()).second)
                throw input_error{f.string() + ": another run already produced a report of this name"};
            write_file_atomically(out_dir / "reports" / f.filename(), slurp(f));
            ++copied;
        }
    }
    log << "hbvdr: aggregated " << runs.size() << " runs, " << samples.size() << " samples, " << copied
        << " report files into " << out_dir.string() << "\n";
}

} // namespace hbvdr
