#include <algorithm>
#include <functional>
#include <ostream>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/file_names.hpp>
#include <hbvdr/app/monitor.hpp>
#include <hbvdr/app/run_directory.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/core/version.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/monitor/batch_report.hpp>
#include <hbvdr/monitor/cohort.hpp>

#include "monitor_run.hpp"

namespace hbvdr
{

namespace
{

using namespace monitor_run;

// One patient to classify: its timeline (parsed on demand, so that a bad one is its error row).
struct batch_item
{
    std::string display; // the timeline file as shown
    // Parses the timeline; sets `id` first, to name the error row if it does not parse (the cohort
    // cell, or the file's #patient= line, else its name without .tsv).
    std::function<timeline(std::vector<std::string> const & codes, std::string & id)> parse;
};

bool is_timeline_file(std::filesystem::directory_entry const & e)
{
    std::string const n = e.path().filename().string();
    std::error_code ec;
    return n.size() > 4 && n.front() != '.' && n.ends_with(".tsv") && e.is_regular_file(ec);
}

std::vector<batch_item> directory_items(std::filesystem::path const & dir)
{
    std::string const shown = display_path(dir.string());
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::directory_iterator{dir, ec}; !ec && it != std::filesystem::directory_iterator{};
         it.increment(ec))
        if (is_timeline_file(*it))
            files.push_back(it->path());
    if (ec)
        throw input_error{shown + ": cannot be read: " + ec.message()};
    if (files.empty())
        throw input_error{shown + ": no timeline in the directory (files named *.tsv, one patient each)"};
    std::sort(files.begin(), files.end()); // file-name order, whatever the directory's
    std::vector<batch_item> out;
    for (std::filesystem::path const & f : files)
    {
        std::string const display = (std::filesystem::path{shown} / f.filename()).string();
        out.push_back({display,
                       [f, display](std::vector<std::string> const & codes, std::string & id)
                       {
                           id = f.stem().string();
                           std::optional<std::string> const text = read_whole_file(f);
                           if (!text)
                               throw input_error{display + ": cannot be read"};
                           if (std::string const declared = declared_patient(*text); !declared.empty())
                               id = declared;
                           if (has_patient_column(*text))
                               throw input_error{display
                                                 + ": has a patient column (a file of several patients): give it to "
                                                   "hbvdr monitor by itself, not inside a directory of timelines"};
                           return parse_timeline(*text, display, codes);
                       }});
    }
    return out;
}

std::vector<batch_item> cohort_items(std::filesystem::path const & file)
{
    std::string const display = display_path(file.string());
    std::optional<std::string> const text = read_whole_file(file);
    if (!text)
        throw input_error{display + ": cannot be read"};
    std::vector<batch_item> out;
    for (cohort_patient & p : split_cohort(*text, display))
        out.push_back({display,
                       [p = std::move(p), display](std::vector<std::string> const & codes, std::string & id)
                       {
                           id = p.id;
                           if (!p.error.empty())
                               throw input_error{p.error};
                           std::vector<timeline_line> const lines = p.numbered_lines();
                           return parse_timeline_lines(lines, display, codes);
                       }});
    return out;
}

// Classify one patient and write its reports (unpublished until the run commits).
monitor_batch_entry run_patient(batch_item const & item,
                                std::string & id,
                                knowledge const & k,
                                std::vector<output_format> const & formats,
                                run_directory & dir,
                                file_stem_registry & stems)
{
    monitor_report rep = new_report(item.parse(k.codes, id), k);
    classify_report(rep, k);
    monitor_batch_entry e = summarise(rep);
    std::string const stem = stems.assign(rep.patient.patient);
    for (output_format const & f : formats)
    {
        std::string const rel = "reports/" + stem + std::string{f.ext};
        dir.write_sample_file(rel, f.render(rep, k.defs));
        dir.add(rel);
        e.reports.emplace_back(f.name, rel);
    }
    return e;
}

} // namespace

bool is_monitor_batch_input(std::filesystem::path const & path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return true;
    if (!std::filesystem::is_regular_file(path, ec))
        return false;
    std::optional<std::string> const text = read_whole_file(path);
    return text && has_patient_column(*text);
}

monitor_batch_totals run_monitor_batch(monitor_config const & cfg, std::ostream & log)
{
    if (!cfg.sequence.empty() || !cfg.results_dir.empty() || !cfg.sample.empty())
        throw usage_error{"--sequence, --results and --sample belong to one patient's timeline; a batch (a directory "
                          "of timelines or a file with a patient column) takes none: run hbvdr monitor on that "
                          "patient's timeline with them"};
    if (!cfg.out_dir)
        throw usage_error{"a batch (a directory of timelines or a file with a patient column) writes one report per "
                          "patient: give the output directory with -o DIR"};
    std::vector<output_format> const formats = chosen_formats(cfg);
    std::filesystem::path const input{cfg.timeline};
    bool const from_directory = std::filesystem::is_directory(input);
    std::error_code ec;
    if (from_directory && std::filesystem::equivalent(input, *cfg.out_dir, ec))
        throw usage_error{"the output directory is the directory of timelines: its monitor-summary.tsv would be read "
                          "as a timeline next time; give another -o DIR"};
    knowledge const k{cfg, nullptr};
    std::vector<batch_item> const items = from_directory ? directory_items(input) : cohort_items(input);

    run_directory dir{*cfg.out_dir};
    dir.create_subdirectory("reports");
    file_stem_registry stems;
    std::vector<monitor_batch_entry> entries;
    monitor_batch_totals totals;
    for (batch_item const & item : items)
    {
        std::string id;
        try
        {
            entries.push_back(run_patient(item, id, k, formats, dir, stems));
            ++totals.ok;
        }
        catch (input_error const & err)
        {
            monitor_batch_entry e;
            e.patient = id;
            e.timeline = item.display;
            e.error = err.what();
            log << "hbvdr: warning: patient " << e.patient << ": " << e.error << "\n";
            entries.push_back(std::move(e));
            ++totals.error;
        }
    }
    monitor_batch_info const info{display_path(cfg.timeline),
                                  from_directory ? "directory" : "patient_column",
                                  std::string{tool_version()},
                                  k.db.label(),
                                  k.db.manifest_sha256()};
    dir.write("monitor-summary.tsv", monitor_batch_tsv(entries));
    dir.write("monitor.json", monitor_batch_json(info, entries, k.defs));
    for (std::string const & w : dir.commit())
        log << "hbvdr: warning: " << w << "\n";
    if (!cfg.quiet)
        log << "hbvdr: monitor: " << items.size() << " patient(s): " << totals.ok << " ok, " << totals.error
            << " error; monitor-summary.tsv, monitor.json and reports/ in " << cfg.out_dir->string() << "\n";
    return totals;
}

} // namespace hbvdr
