#include <algorithm>
#include <array>
#include <chrono>
#include <iostream>
#include <unistd.h>
#include <unordered_map>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/file_names.hpp>
#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/app/run_directory.hpp>
#include <hbvdr/app/sample_sheet.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/sha256.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/core/version.hpp>
#include <hbvdr/io/atomic_file.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/io/sequence_reader.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/ngs/ngs.hpp>
#include <hbvdr/report/cohort.hpp>
#include <hbvdr/report/console.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/multiqc.hpp>
#include <hbvdr/report/tables.hpp>
#include <hbvdr/report/text_report.hpp>

#include "inputs.hpp"
#include "job.hpp"
#include "ordered_pool.hpp"
#include "progress.hpp"
#include "render.hpp"
#include "resume_part.hpp"
#include <nlohmann/json.hpp>

namespace hbvdr
{

std::vector<int> qc_key_rt_positions(mutation_db const & db)
{
    // QC checks the coverage of every position a rule uses and of catalogued primary/secondary ones.
    std::vector<int> out = db.key_rt_positions();
    for (db_mutation const & m : db.mutations())
        if (m.role == "primary" || m.role == "secondary")
            out.push_back(m.pos);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string display_path(std::string const & path)
{
    std::filesystem::path const p{path};
    return p.is_absolute() ? p.filename().string() : path;
}

namespace
{

using detail::batch;
using detail::job;

struct rendered
{
    std::vector<fragments> samples;
    std::vector<index_row> index;      // empty unless HTML reports are written
    std::vector<cohort_sample> cohort; // one per sample when files are written
};

} // namespace

run_totals run_analyze(analyze_config const & cfg, std::ostream & out, std::ostream & log)
{
    auto const t0 = std::chrono::steady_clock::now();
    if (cfg.inputs.empty() && cfg.sample_sheet.empty())
        throw usage_error{"no input files given (give files, directories, '-' or --sample-sheet)"};
    if (cfg.out_dir.empty() && cfg.report == stdout_report::none)
        throw usage_error{"no output directory (-o) given"};
    std::vector<std::string> const inputs = detail::expand_inputs(cfg.inputs);
    std::optional<sample_sheet> sheet;
    if (!cfg.sample_sheet.empty())
    {
        sheet = read_sample_sheet(cfg.sample_sheet);
        for (std::string const & c : sheet->ignored_columns)
            log << "hbvdr: warning: " << cfg.sample_sheet.string() << ": column '" << c << "' is not used\n";
    }

    reference_set const refs = reference_set::load(cfg.data_dir);
    mutation_db const db = mutation_db::load(cfg.db_dir, &refs);
    ngs_prepare_htslib(); // before input kinds are detected: htslib never prints

    std::vector<detail::source> const sources = detail::collect_sources(inputs, sheet, cfg, db);
    bool const has_ngs = std::any_of(sources.begin(),
                                     sources.end(),
                                     [](detail::source const & s)
                                     {
                                         return s.t == detail::source::type::reads;
                                     });
    if (!cfg.ngs.bam_reference.empty() && !std::filesystem::is_regular_file(cfg.ngs.bam_reference))
        throw input_error{cfg.ngs.bam_reference.string() + ": no such file (--bam-reference)"};
    ngs_options ngs_opts = cfg.ngs;
    // The pool runs samples in parallel; threads left over per read sample go to reading it: a
    // reader thread (records read and decoded there), then BGZF decompression threads; for reads
    // hbvdr aligns itself (FASTQ), all of them to aligning.
    auto const n_reads = static_cast<unsigned>(std::count_if(sources.begin(),
                                                             sources.end(),
                                                             [](detail::source const & s)
                                                             {
                                                                 return s.t == detail::source::type::reads;
                                                             }));
    unsigned const per_sample = n_reads == 0 ? 1 : std::max(1u, cfg.threads / n_reads);
    ngs_opts.read_ahead = per_sample > 1;
    ngs_opts.hts_threads = per_sample > 2 ? per_sample - 2 : 0;
    ngs_opts.align_threads = per_sample;

    aligner const align{refs};
    analysis_context ctx{refs, align, cfg.mode};
    ctx.db = &db;
    ctx.context.history = parse_history(cfg.history, db);
    ctx.context.hbeag_positive = cfg.hbeag_positive;
    ctx.rule_set = choose_rule_set(db, cfg.rule_set).id;
    ctx.quality.key_rt_positions = qc_key_rt_positions(db);
    // Linkage is tracked over the same resistance positions QC checks.
    if (!ctx.quality.key_rt_positions.empty())
        ngs_opts.linkage_positions = ctx.quality.key_rt_positions;
    std::vector<std::string> drug_codes;
    for (db_drug const & d : db.drugs())
        if (d.interpret)
            drug_codes.push_back(d.code);

    ngs_thresholds const & th = cfg.ngs.thresholds;
    report_options ropts = report_options_for(db);
    ropts.tool_version = std::string{tool_version()};
    ropts.ngs_min_freq = th.min_freq;
    ropts.ngs_min_depth = th.min_depth;

    run_metadata meta;
    meta.tool_version = std::string{tool_version()};
    meta.reference_manifest_sha256 = refs.manifest_sha256();
    meta.db_name = db.name();
    meta.db_version = db.version();
    meta.db_release_date = db.release_date();
    meta.db_manifest_sha256 = db.manifest_sha256();
    meta.parameters = {{"align_mode", cfg.mode == align_mode::full ? "full" : "anchored"},
                       {"history", join(ctx.context.history, ",")},
                       {"hbeag", cfg.hbeag_positive ? (*cfg.hbeag_positive ? "positive" : "negative") : "unknown"},
                       {"rules", ctx.rule_set}};
    if (has_ngs)
    {
        meta.parameters.emplace_back("min_freq", format_fixed(th.min_freq, 4));
        meta.parameters.emplace_back("min_depth", std::to_string(th.min_depth));
        meta.parameters.emplace_back("min_baseq", std::to_string(th.min_baseq));
        meta.parameters.emplace_back("consensus_threshold", format_fixed(th.consensus_threshold, 4));
        meta.parameters.emplace_back("bam_reference",
                                     cfg.ngs.bam_reference.empty() ? "" : display_path(cfg.ngs.bam_reference.string()));
    }
    // Everything that decides a sample's outputs besides the sample itself (for --resume).
    std::string const settings_key = resume_settings_key(meta, cfg);

    bool const files = !cfg.out_dir.empty();
    bool const write_text = files && cfg.reports_text;
    bool const write_html = files && cfg.reports_html;
    std::filesystem::path const resume_dir = cfg.out_dir / ".hbvdr-resume";
    // The run owns its output directory: locked, every file in place only when all are complete.
    std::optional<run_directory> out_dir;
    atomic_output_file *summary = nullptr, *calls = nullptr, *mutations = nullptr, *drugs = nullptr, *json = nullptr,
                       *linkage = nullptr, *consensus = nullptr, *mqc_stats = nullptr, *mqc_table = nullptr;
    if (files)
    {
        out_dir.emplace(cfg.out_dir, cfg.resume);
        if (write_text || write_html)
            out_dir->create_subdirectory("reports");
        summary = &out_dir->open("summary.tsv");
        calls = &out_dir->open("calls.tsv");
        mutations = &out_dir->open("mutations.tsv");
        drugs = &out_dir->open("drugs.tsv");
        json = &out_dir->open("results.json");
        summary->write(summary_header(drug_codes));
        calls->write(calls_header());
        mutations->write(mutations_header());
        drugs->write(drugs_header());
        json->write(json_run_prefix(meta));
        if (has_ngs)
        {
            linkage = &out_dir->open("linkage.tsv");
            consensus = &out_dir->open("consensus.fasta");
            linkage->write(linkage_header());
        }
        if (cfg.multiqc)
        {
            mqc_stats = &out_dir->open("hbvdr_general_stats_mqc.tsv");
            mqc_table = &out_dir->open("hbvdr_drug_levels_mqc.tsv");
            mqc_stats->write(multiqc_general_stats_header(drug_codes, db.label()));
            mqc_table->write(multiqc_drug_table_header(drug_codes, db.label()));
        }
    }
    bool const print_summary = cfg.print_summary && cfg.report == stdout_report::none;
    if (print_summary)
    {
        if (has_ngs)
            out << "NGS samples: amino acids reported from " << format_fixed(100 * th.min_freq, 1)
                << "% at depth >= " << th.min_depth << " (whole codons, bases >= Q" << th.min_baseq
                << "); minority variants shown as rtM204V(8.3%)\n";
        out << console_header();
    }
    detail::render_settings rs;
    rs.drug_codes = drug_codes;
    rs.report = ropts;
    rs.json = cfg.json;
    rs.console = cfg.report;
    rs.print_summary = print_summary;

    // A sample's own files (relative to the output directory).
    auto sample_files = [&](std::string const & stem)
    {
        std::vector<std::string> out;
        if (write_text)
            out.push_back("reports/" + stem + ".txt");
        if (write_html)
            out.push_back("reports/" + stem + ".html");
        return out;
    };

    // Worker: analyse (or reuse), render every output of the sample, write its own files.
    auto render = [&](sample_report rep, job const & j, rendered & r)
    {
        std::vector<std::string> own = sample_files(j.stem);
        for (std::string const & file : own)
            rep.report_files.emplace_back(file.ends_with(".txt") ? "text" : "html", file);
        fragments f = detail::render_sample(rep, rs);
        f.files = std::move(own);
        if (files)
            r.cohort.push_back(make_cohort_sample(rep, ctx.minority_below));
        if (write_text)
            out_dir->write_sample_file("reports/" + j.stem + ".txt", text_report(rep, ropts));
        if (write_html)
        {
            out_dir->write_sample_file("reports/" + j.stem + ".html", html_report(rep, ropts));
            r.index.push_back(make_index_row(rep, "reports/" + j.stem + ".html"));
        }
        // The part file is written last: its presence means every file of the sample is complete.
        if (cfg.resume && files && !j.key.empty())
            write_file_atomically(resume_dir / (j.stem + ".part"), serialise(f, j.key));
        r.samples.push_back(std::move(f));
    };
    auto work = [&](batch & b)
    {
        rendered r;
        for (job & j : b.jobs)
        {
            switch (j.t)
            {
            case job::type::sequence:
                render(analyze_sequence(std::move(j.seq), ctx), j, r);
                break;
            case job::type::reads:
                render(analyze_ngs(j.reads, ctx, ngs_opts), j, r);
                break;
            case job::type::failed:
                render(std::move(j.failed), j, r);
                break;
            case job::type::cached:
                if (write_html)
                    r.index.push_back(std::move(j.cached.row));
                r.cohort.push_back(std::move(j.cached.cohort));
                j.cached.f.reused = true;
                j.cached.f.files = sample_files(j.stem);
                r.samples.push_back(std::move(j.cached.f));
                break;
            }
        }
        return r;
    };

    run_totals totals;
    bool first_json = true;
    std::vector<index_row> index;
    cohort_counts cohort;
    std::uint64_t total_bytes = 0;
    detail::read_progress bytes;
    for (detail::source const & s : sources)
        for (std::string const & p : s.paths)
            if (p != "-")
            {
                std::error_code ec;
                auto const size = std::filesystem::file_size(p, ec);
                total_bytes += ec ? 0 : size;
            }
    detail::progress_reporter progress{log, cfg.quiet, detail::stderr_is_terminal(), total_bytes};
    auto sink = [&](rendered & r)
    {
        for (fragments const & f : r.samples)
        {
            if (files)
            {
                summary->write(f.summary);
                calls->write(f.calls);
                mutations->write(f.mutations);
                drugs->write(f.drugs);
                if (linkage)
                    linkage->write(f.linkage);
                if (consensus)
                    consensus->write(f.consensus);
                if (mqc_stats)
                {
                    mqc_stats->write(f.mqc_stats);
                    mqc_table->write(f.mqc_table);
                }
                json->write(first_json ? "" : ",\n");
                json->write(f.json);
                first_json = false;
                for (std::string const & file : f.files)
                    out_dir->add(file);
            }
            if (!f.console.empty())
                out << f.console;
            ++totals.samples;
            totals.reused += f.reused;
            totals.ok += f.status == sample_status::ok;
            totals.warning += f.status == sample_status::warning;
            totals.error += f.status == sample_status::error;
        }
        for (index_row & row : r.index)
            index.push_back(std::move(row));
        for (cohort_sample const & c : r.cohort)
            cohort.add(c);
        progress.update(totals.samples, bytes.before + bytes.current);
    };

    {
        unsigned const workers = cfg.threads <= 1 ? 0 : cfg.threads;
        detail::ordered_pool<batch, rendered> pool{workers, work, sink, 4 * std::max(1u, workers)};
        constexpr std::size_t batch_size = 64;
        batch current;
        auto flush = [&]
        {
            if (!current.jobs.empty())
                pool.submit(std::move(current));
            current = batch{};
        };
        // Every sample analysed (inside --records): its warnings, the earlier run's result if usable.
        auto enqueue = [&](job && j, std::vector<std::string> const & warnings, std::string const & content_key)
        {
            for (std::string const & w : warnings)
                log << "hbvdr: warning: " << w << "\n";
            if (cfg.resume && files && j.t != job::type::failed)
            {
                j.key = resume_sample_key(settings_key, j.index, j.stem, content_key);
                std::vector<std::string> const own = sample_files(j.stem);
                bool const kept = std::all_of(own.begin(),
                                              own.end(),
                                              [&](std::string const & rel)
                                              {
                                                  return out_dir->has_sample_file(rel);
                                              });
                if (std::optional<cached_sample> c =
                        kept ? read_cached_sample(resume_dir / (j.stem + ".part"), j.key, ctx.minority_below, log)
                             : std::nullopt)
                {
                    j.t = job::type::cached;
                    j.cached = std::move(*c);
                }
            }
            bool const alone = j.t == job::type::reads; // NGS samples are big: one per batch
            if (alone)
                flush();
            current.jobs.push_back(std::move(j));
            if (alone || current.jobs.size() >= batch_size)
                flush();
        };
        // File stems are only needed (and only remembered) when a sample gets files of its own.
        detail::sample_namer namer{write_text || write_html || cfg.resume, cfg.records};
        detail::make_jobs(sources, namer, bytes, log, enqueue);
        flush();
        pool.finish();
    }
    progress.finish();
    if (files)
    {
        json->write(std::string{first_json ? "" : "\n"} + json_run_suffix());
        out_dir->write(std::string{cohort_tsv_name}, cohort_tsv(cohort));
        if (cfg.multiqc)
        {
            out_dir->write(std::string{cohort_levels_mqc_name}, multiqc_cohort_levels(cohort, ropts.db_label));
            out_dir->write(std::string{cohort_mutations_mqc_name}, multiqc_cohort_mutations(cohort, ropts.db_label));
        }
        if (write_html)
            out_dir->write("index.html", html_index(index, ropts, &cohort));
        for (std::string const & w : out_dir->commit())
            log << "hbvdr: warning: " << w << "\n";
    }
    totals.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!cfg.quiet)
        log << "hbvdr: " << totals.samples << " samples: " << totals.ok << " ok, " << totals.warning << " warning, "
            << totals.error << " error in " << format_fixed(totals.seconds, 2) << " s ("
            << format_fixed(totals.seconds > 0 ? totals.samples / totals.seconds : 0.0, 0) << " samples/s)"
            << (cfg.resume ? "; " + std::to_string(totals.reused) + " reused from the earlier run" : std::string{})
            << (files ? "; results in " + cfg.out_dir.string() : std::string{}) << "\n";
    return totals;
}

} // namespace hbvdr
