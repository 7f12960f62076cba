//!\file
//!\brief `hbvdr analyze`: the wiring of a run (see hbvdr/app/analyze.hpp). Inputs become jobs
//! (inputs.hpp), workers analyse and render them (render.hpp), the output set takes their pieces in
//! run order (run_outputs.hpp); --resume reuses samples of an earlier run (resume_part.hpp).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <optional>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/app/sample_sheet.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/core/version.hpp>
#include <hbvdr/interpret/interpret.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/ngs/ngs.hpp>
#include <hbvdr/report/cohort.hpp>
#include <hbvdr/report/console.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/json_report.hpp>
#include <hbvdr/report/report_options.hpp>

#include "inputs.hpp"
#include "job.hpp"
#include "ordered_pool.hpp"
#include "progress.hpp"
#include "render.hpp"
#include "resume_part.hpp"
#include "run_outputs.hpp"

namespace hbvdr
{

namespace
{

using detail::job;

// What a batch of jobs renders to, in run order.
struct rendered
{
    std::vector<fragments> samples;
    std::vector<index_row> index;      // empty unless HTML reports are written
    std::vector<cohort_sample> cohort; // one per sample when files are written
};

// What the workers read (shared by all threads: read-only, or thread-safe members of the outputs).
struct worker_state
{
    analysis_context const & ctx;
    ngs_options const & ngs;
    detail::render_settings const & render;
    detail::run_outputs const * outputs; // null without an output directory
    bool resume;                         // write each sample's part file
    bool index;                          // index.html is written: keep each sample's row
};

// A sample's every output: rendered, its own files written and, with --resume, its part file.
void finish_sample(sample_report rep, job const & j, worker_state const & w, rendered & r)
{
    std::vector<std::string> files = w.outputs ? w.outputs->sample_files(j.stem) : std::vector<std::string>{};
    for (std::string const & file : files)
        rep.report_files.emplace_back(file.ends_with(".txt") ? "text" : "html", file);
    fragments f = detail::render_sample(rep, w.render);
    f.files = std::move(files);
    if (w.outputs)
    {
        r.cohort.push_back(make_cohort_sample(rep, w.ctx.minority_below));
        if (std::optional<index_row> row = w.outputs->write_reports(rep, j.stem, w.render.report))
            r.index.push_back(std::move(*row));
        // The part file is written last: its presence means every file of the sample is complete.
        if (w.resume && !j.key.empty())
            w.outputs->write_part(j.stem, serialise(f, j.key));
    }
    r.samples.push_back(std::move(f));
}

// Worker: analyse (or reuse) every sample of a batch.
rendered run_batch(detail::batch & b, worker_state const & w)
{
    rendered r;
    for (job & j : b.jobs)
    {
        switch (j.t)
        {
        case job::type::sequence:
            finish_sample(analyze_sequence(std::move(j.seq), w.ctx), j, w, r);
            break;
        case job::type::reads:
            finish_sample(analyze_reads(j.reads, w.ctx, w.ngs), j, w, r);
            break;
        case job::type::failed:
            finish_sample(std::move(j.failed), j, w, r);
            break;
        case job::type::cached:
            if (w.index)
                r.index.push_back(std::move(j.cached.row));
            r.cohort.push_back(std::move(j.cached.cohort));
            j.cached.f.reused = true;
            j.cached.f.files = w.outputs->sample_files(j.stem);
            r.samples.push_back(std::move(j.cached.f));
            break;
        }
    }
    return r;
}

// --resume: the sample's key, and its result of the earlier run if every file of it is kept and its
// part is usable (else it is analysed again).
void reuse_earlier_result(job & j,
                          std::string const & settings_key,
                          std::string const & content,
                          detail::run_outputs const & outputs,
                          double const minority_below,
                          std::ostream & log)
{
    j.key = resume_sample_key(settings_key, j.index, j.stem, content);
    if (!outputs.has_sample_files(j.stem))
        return;
    if (std::optional<cached_sample> c = read_cached_sample(outputs.part_file(j.stem), j.key, minority_below, log))
    {
        j.t = job::type::cached;
        j.cached = std::move(*c);
    }
}

// Jobs go to the pool in batches: up to 64 small samples, or one read sample alone.
class batcher
{
public:
    explicit batcher(detail::ordered_pool<detail::batch, rendered> & pool) : m_pool{pool}
    {}

    void add(job && j)
    {
        bool const alone = j.t == job::type::reads; // NGS samples are big: one per batch
        if (alone)
            flush();
        m_current.jobs.push_back(std::move(j));
        if (alone || m_current.jobs.size() >= batch_size)
            flush();
    }

    void flush()
    {
        if (!m_current.jobs.empty())
            m_pool.submit(std::move(m_current));
        m_current = detail::batch{};
    }

private:
    static constexpr std::size_t batch_size = 64;
    detail::ordered_pool<detail::batch, rendered> & m_pool;
    detail::batch m_current;
};

unsigned read_samples(std::vector<detail::source> const & sources)
{
    return static_cast<unsigned>(std::count_if(sources.begin(),
                                               sources.end(),
                                               [](detail::source const & s)
                                               {
                                                   return s.t == detail::source::type::reads;
                                               }));
}

// Options of the read path, with the run's threads shared out.
ngs_options read_options(analyze_config const & cfg, unsigned const n_reads, std::vector<int> const & key_rt_positions)
{
    ngs_options o = cfg.ngs;
    // The pool runs samples in parallel; threads left over per read sample go to reading it: a
    // reader thread (records read and decoded there), then BGZF decompression threads; for reads
    // hbvdr aligns itself (FASTQ), all of them to aligning.
    unsigned const per_sample = n_reads == 0 ? 1 : std::max(1u, cfg.threads / n_reads);
    o.read_ahead = per_sample > 1;
    o.hts_threads = per_sample > 2 ? per_sample - 2 : 0;
    o.align_threads = per_sample;
    o.linkage_positions = key_rt_positions; // the resistance positions QC checks
    return o;
}

analysis_context
make_context(analyze_config const & cfg, reference_set const & refs, aligner const & align, mutation_db const & db)
{
    analysis_context ctx{refs, align, cfg.mode};
    ctx.db = &db;
    ctx.context.history = parse_history(cfg.history, db);
    ctx.context.hbeag_positive = cfg.hbeag_positive;
    ctx.rule_set = choose_rule_set(db, cfg.rule_set).id;
    ctx.quality.key_rt_positions = db.coverage_rt_positions();
    return ctx;
}

detail::render_settings make_render_settings(analyze_config const & cfg, mutation_db const & db)
{
    detail::render_settings s;
    for (db_drug const & d : db.drugs())
        if (d.interpret)
            s.drug_codes.push_back(d.code);
    s.report = report_options_for(db);
    s.report.tool_version = std::string{tool_version()};
    s.report.ngs_min_freq = cfg.ngs.thresholds.min_freq;
    s.report.ngs_min_depth = cfg.ngs.thresholds.min_depth;
    s.json = cfg.json;
    s.console = cfg.report;
    s.print_summary = cfg.print_summary && cfg.report == stdout_report::none;
    return s;
}

run_metadata make_metadata(analyze_config const & cfg,
                           reference_set const & refs,
                           mutation_db const & db,
                           analysis_context const & ctx,
                           bool const has_ngs)
{
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
        ngs_thresholds const & th = cfg.ngs.thresholds;
        meta.parameters.emplace_back("min_freq", format_fixed(th.min_freq, 4));
        meta.parameters.emplace_back("min_depth", std::to_string(th.min_depth));
        meta.parameters.emplace_back("min_baseq", std::to_string(th.min_baseq));
        meta.parameters.emplace_back("consensus_threshold", format_fixed(th.consensus_threshold, 4));
        meta.parameters.emplace_back("bam_reference",
                                     cfg.ngs.bam_reference.empty() ? "" : display_path(cfg.ngs.bam_reference.string()));
    }
    return meta;
}

void print_summary_header(std::ostream & out, bool const has_ngs, ngs_thresholds const & th)
{
    if (has_ngs)
        out << "NGS samples: " << describe_thresholds(th, false) << "; minority variants shown as rtM204V(8.3%)\n";
    out << console_header();
}

std::uint64_t input_bytes(std::vector<detail::source> const & sources)
{
    std::uint64_t total = 0;
    for (detail::source const & s : sources)
        for (std::string const & p : s.paths)
            if (p != "-")
            {
                std::error_code ec;
                auto const size = std::filesystem::file_size(p, ec);
                total += ec ? 0 : size;
            }
    return total;
}

void count(run_totals & totals, fragments const & f)
{
    ++totals.samples;
    totals.reused += f.reused;
    totals.ok += f.status == sample_status::ok;
    totals.warning += f.status == sample_status::warning;
    totals.error += f.status == sample_status::error;
}

void log_closing_line(std::ostream & log, analyze_config const & cfg, run_totals const & totals)
{
    log << "hbvdr: " << totals.samples << " samples: " << totals.ok << " ok, " << totals.warning << " warning, "
        << totals.error << " error in " << format_fixed(totals.seconds, 2) << " s ("
        << format_fixed(totals.seconds > 0 ? totals.samples / totals.seconds : 0.0, 0) << " samples/s)"
        << (cfg.resume ? "; " + std::to_string(totals.reused) + " reused from the earlier run" : std::string{})
        << (!cfg.out_dir.empty() ? "; results in " + cfg.out_dir.string() : std::string{}) << "\n";
}

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
    unsigned const n_reads = read_samples(sources);
    bool const has_ngs = n_reads > 0;
    if (!cfg.ngs.bam_reference.empty() && !std::filesystem::is_regular_file(cfg.ngs.bam_reference))
        throw input_error{cfg.ngs.bam_reference.string() + ": no such file (--bam-reference)"};

    aligner const align{refs};
    analysis_context const ctx = make_context(cfg, refs, align, db);
    ngs_options const ngs_opts = read_options(cfg, n_reads, ctx.quality.key_rt_positions);
    detail::render_settings const rs = make_render_settings(cfg, db);
    run_metadata const meta = make_metadata(cfg, refs, db, ctx, has_ngs);
    // Everything that decides a sample's outputs besides the sample itself (for --resume).
    std::string const settings_key = resume_settings_key(meta, cfg);
    bool const files = !cfg.out_dir.empty();
    // The run owns its output directory: locked, every file in place only when all are complete.
    std::optional<detail::run_outputs> outputs;
    if (files)
        outputs.emplace(cfg, meta, rs.drug_codes, db.label(), has_ngs);
    if (rs.print_summary)
        print_summary_header(out, has_ngs, cfg.ngs.thresholds);

    run_totals totals;
    detail::read_progress bytes;
    detail::progress_reporter progress{log, cfg.quiet, detail::stderr_is_terminal(), input_bytes(sources)};
    worker_state const w{ctx, ngs_opts, rs, outputs ? &*outputs : nullptr, cfg.resume, files && cfg.reports_html};
    auto sink = [&](rendered & r)
    {
        for (fragments const & f : r.samples)
        {
            if (outputs)
                outputs->add(f);
            if (!f.console.empty())
                out << f.console;
            count(totals, f);
        }
        if (outputs)
        {
            for (index_row & row : r.index)
                outputs->add(std::move(row));
            for (cohort_sample const & c : r.cohort)
                outputs->add(c);
        }
        progress.update(totals.samples, bytes.before + bytes.current);
    };
    {
        unsigned const workers = cfg.threads <= 1 ? 0 : cfg.threads;
        detail::ordered_pool<detail::batch, rendered> pool{workers,
                                                           [&w](detail::batch & b)
                                                           {
                                                               return run_batch(b, w);
                                                           },
                                                           sink,
                                                           4 * std::max(1u, workers)};
        batcher batches{pool};
        // File stems are only needed (and only remembered) when a sample gets files of its own.
        detail::sample_namer namer{(files && (cfg.reports_text || cfg.reports_html)) || cfg.resume, cfg.records};
        // Every sample analysed (inside --records): its warnings, then the earlier run's result if usable.
        detail::make_jobs(sources,
                          namer,
                          bytes,
                          log,
                          [&](job && j, std::vector<std::string> const & warnings, std::string const & content)
                          {
                              for (std::string const & warning : warnings)
                                  log << "hbvdr: warning: " << warning << "\n";
                              if (cfg.resume && files && j.t != job::type::failed)
                                  reuse_earlier_result(j, settings_key, content, *outputs, ctx.minority_below, log);
                              batches.add(std::move(j));
                          });
        batches.flush();
        pool.finish();
    }
    progress.finish();
    if (outputs)
        for (std::string const & warning : outputs->finish(rs.report))
            log << "hbvdr: warning: " << warning << "\n";
    totals.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!cfg.quiet)
        log_closing_line(log, cfg, totals);
    return totals;
}

} // namespace hbvdr
