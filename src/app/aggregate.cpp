#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <hbvdr/app/aggregate.hpp>
#include <hbvdr/app/run_directory.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/atomic_file.hpp>
#include <hbvdr/io/json_fields.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/io/tsv_table.hpp>
#include <hbvdr/report/cohort.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/multiqc.hpp>
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

// A table of a run split, byte for byte, into its head (comment lines and the column line) and its body.
std::pair<std::string, std::string> split_table(std::string const & text, std::filesystem::path const & p)
{
    tsv_format const format{.what = "hbvdr output table",
                            .fixed_columns = false,
                            .help = "is this a complete hbvdr analyze output directory?"};
    std::size_t const body = parse_tsv(text, p.string(), format).body_offset;
    return {text.substr(0, body), text.substr(body)};
}

bool is_cohort_file(std::string_view const name)
{
    return name == cohort_tsv_name || name == cohort_levels_mqc_name || name == cohort_mutations_mqc_name;
}

} // namespace

void aggregate_runs(std::vector<std::filesystem::path> const & runs,
                    std::filesystem::path const & out_dir,
                    std::ostream & log)
{
    if (runs.empty())
        throw usage_error{"aggregate: no run directories given"};
    for (std::filesystem::path const & r : runs)
    {
        std::error_code ec;
        if (!std::filesystem::is_directory(r, ec))
            throw input_error{r.string() + ": not a directory (give the output directories of hbvdr analyze)"};
        if (std::filesystem::equivalent(r, out_dir, ec))
            throw usage_error{"aggregate: the output directory " + out_dir.string() + " is one of the runs"};
    }
    // The files of a run: those its manifest lists, else (a run made before manifests) those in it.
    std::vector<std::string> names;
    if (std::optional<std::string> const manifest = read_whole_file(runs.front() / ".hbvdr-manifest"))
    {
        for (std::string_view const line : split(*manifest, '\n'))
            if (!line.empty() && line.front() != '#' && line.find('/') == std::string_view::npos)
                names.emplace_back(line);
    }
    else
    {
        for (auto const & e : std::filesystem::directory_iterator{runs.front()})
            if (e.is_regular_file() && e.path().filename().string().front() != '.')
                names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    if (std::find(names.begin(), names.end(), "summary.tsv") == names.end())
        throw input_error{runs.front().string()
                          + ": no summary.tsv (is this a complete hbvdr analyze output directory?)"};
    run_directory out{out_dir};

    // Tables (summary, calls, mutations, drugs, MultiQC files, …) and FASTA outputs (consensus
    // sequences): one header, the bodies of every run in order. The cohort files are counts over
    // the whole run: recomputed below from the merged samples.
    for (std::string const & t : names)
    {
        bool const fasta = t.ends_with(".fasta");
        if ((!t.ends_with(".tsv") && !fasta) || is_cohort_file(t))
            continue;
        std::string header, body;
        for (std::size_t i = 0; i < runs.size(); ++i)
        {
            std::string const text = slurp(runs[i] / t);
            auto const [h, b] = fasta ? std::pair<std::string, std::string>{"", text} : split_table(text, runs[i] / t);
            if (i == 0)
                header = h;
            else if (h != header)
                throw input_error{(runs[i] / t).string() + ": its header differs from " + (runs.front() / t).string()
                                  + ": only runs made with the same hbvdr, data and database can be aggregated"};
            body += b;
        }
        out.write(t, header + body);
    }

    // results.json: identical prefix up to the "samples" line; one sample per line, each read back
    // through checked accessors (a missing or mistyped field names the file, sample and field).
    std::string prefix;
    std::vector<std::string> samples;
    std::vector<index_row> rows;
    cohort_counts cohort;
    // The minority cut of the interpretation: `analyze` always uses the default (not an option).
    double const minority_below = report_options{}.ngs_minority_below;
    std::set<std::string> reports;
    std::size_t copied = 0;
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
            json_fields const f{where + " (sample " + std::to_string(++n) + ")"};
            nlohmann::json const sample = f.parse(line);
            rows.push_back(index_row_from_json(sample, f));
            cohort.add(cohort_sample_from_json(sample, f, minority_below));
            // The sample's report files: exactly those results.json names (never other files of
            // the run's reports/, which may be stale), and only names hbvdr writes.
            if (nlohmann::json const * files = f.optional(sample, "reports"))
                for (auto const & [kind, file] : files->items())
                {
                    std::string const rel = f.str(*files, kind, "reports.");
                    if (!rel.starts_with("reports/") || !is_run_file_name(rel))
                        f.fail("reports." + kind, "is '" + rel + "', not a report file name hbvdr writes");
                    if (!reports.insert(rel).second)
                        throw input_error{(r / rel).string() + ": another run already produced a report of this name"};
                    if (copied++ == 0)
                        out.create_subdirectory("reports");
                    out.write_sample_file(rel, slurp(r / rel));
                    out.add(rel);
                }
            samples.push_back(std::move(line));
        }
    }
    std::string json = prefix;
    for (std::size_t i = 0; i < samples.size(); ++i)
        json += (i == 0 ? "" : ",\n") + samples[i];
    json += (samples.empty() ? "" : "\n") + std::string{"]\n}\n"};
    out.write("results.json", json);

    // The run index and the cohort, rebuilt from the merged samples exactly as `hbvdr analyze` builds them.
    auto const listed = [&names](std::string_view const name)
    {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    json_fields const head_fields{(runs.front() / "results.json").string()};
    nlohmann::json const head = head_fields.parse(prefix + "]}");
    report_options opts;
    opts.tool_version = head_fields.str(head_fields.object(head, "tool", ""), "version", "tool.");
    if (nlohmann::json const * db = head_fields.optional(head, "mutation_db"))
        opts.db_label = db_label_text(head_fields.str(*db, "name", "mutation_db.") + " "
                                          + head_fields.str(*db, "version", "mutation_db."),
                                      head_fields.str(*db, "release_date", "mutation_db."));
    if (listed(cohort_tsv_name))
        out.write(std::string{cohort_tsv_name}, cohort_tsv(cohort));
    if (listed(cohort_levels_mqc_name))
        out.write(std::string{cohort_levels_mqc_name}, multiqc_cohort_levels(cohort, opts.db_label));
    if (listed(cohort_mutations_mqc_name))
        out.write(std::string{cohort_mutations_mqc_name}, multiqc_cohort_mutations(cohort, opts.db_label));
    if (listed("index.html"))
        out.write("index.html", html_index(rows, opts, listed(cohort_tsv_name) ? &cohort : nullptr));
    for (std::string const & w : out.commit())
        log << "hbvdr: warning: " << w << "\n";
    log << "hbvdr: aggregated " << runs.size() << " runs, " << samples.size() << " samples, " << copied
        << " report files into " << out_dir.string() << "\n";
}

} // namespace hbvdr
