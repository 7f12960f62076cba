#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <unistd.h>
#include <unordered_map>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/file_names.hpp>
#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/app/run_directory.hpp>
#include <hbvdr/app/sample_sheet.hpp>
#include <hbvdr/core/bundled.hpp>
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

#include "ordered_pool.hpp"
#include "progress.hpp"
#include "resume_part.hpp"
#include <nlohmann/json.hpp>

namespace hbvdr
{

std::filesystem::path resolve_data_dir(std::optional<std::filesystem::path> const & explicit_dir)
{
    if (explicit_dir)
        return *explicit_dir;
    if (char const * env = std::getenv("HBVDR_DATA_DIR"); env != nullptr && *env != '\0')
        return env;
    if (std::optional<std::filesystem::path> const bundled = find_bundled_dir("data", "manifest.tsv"))
        return *bundled;
    throw data_error{"no reference data found (looked in " + bundled_search_places("data")
                     + "): give --data-dir DIR or set HBVDR_DATA_DIR"};
}

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

namespace
{

// ---------------------------------------------------------------------------------------------
// Sources: where samples come from, in run order (command-line inputs, then sample-sheet rows).

struct source
{
    enum class type
    {
        fasta, // every record is a sample (one record when named by a sample sheet)
        reads, // one NGS sample
        failed // cannot be read: one error row
    };
    type t{type::fasta};
    std::vector<std::string> paths;
    input_kind kind{input_kind::fasta};
    std::string error;
    std::optional<std::string> sheet_name;    // the sample sheet names the sample
    std::optional<treatment_context> context; // the sample sheet's history / HBeAg
    std::string where;                        // "sheet.tsv:5" for messages
};

bool has_sequence_extension(std::filesystem::path const & p)
{
    std::string name = p.filename().string();
    for (char & c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name.size() > 3 && name.substr(name.size() - 3) == ".gz")
        name.resize(name.size() - 3);
    for (std::string const ext : {".fa", ".fasta", ".fas", ".fna", ".fsa", ".fq", ".fastq", ".sam", ".bam", ".cram"})
        if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext)
            return true;
    return false;
}

// Command-line inputs with directories replaced by their sequence/read files (sorted by name).
std::vector<std::string> expand_inputs(std::vector<std::string> const & inputs)
{
    std::vector<std::string> out;
    for (std::string const & in : inputs)
    {
        if (in == "-")
        {
            out.push_back(in);
            continue;
        }
        std::error_code ec;
        if (std::filesystem::is_directory(in, ec))
        {
            std::vector<std::string> files;
            for (auto const & e : std::filesystem::directory_iterator{in, ec})
                if (e.is_regular_file() && e.path().filename().string().front() != '.'
                    && has_sequence_extension(e.path()))
                    files.push_back(e.path().string());
            if (files.empty())
                throw input_error{in
                                  + ": the directory holds no sequence or read file (.fasta, .fa, .fastq, .fq, .sam, "
                                    ".bam, .cram, optionally .gz)"};
            std::sort(files.begin(), files.end());
            out.insert(out.end(), files.begin(), files.end());
        }
        else if (std::filesystem::is_regular_file(in, ec))
            out.push_back(in);
        else
            throw input_error{in + ": no such file or directory"};
    }
    return out;
}

bool is_reads(input_kind const k)
{
    return k == input_kind::fastq || k == input_kind::sam || k == input_kind::bam || k == input_kind::cram;
}

// ---------------------------------------------------------------------------------------------

struct job
{
    enum class type
    {
        sequence,
        reads,
        failed,
        cached
    };
    type t{type::sequence};
    std::string stem;
    std::string key; // --resume: identifies the sample's inputs and settings
    sample_input seq;
    reads_input reads;
    sample_report failed;
    fragments cached;
    index_row cached_row;        // the cached sample's index row, read back from its JSON
    cohort_sample cached_cohort; // and its part of the cohort
};

struct batch
{
    std::vector<job> jobs;
};

struct rendered
{
    std::vector<fragments> samples;
    std::vector<index_row> index;      // empty unless HTML reports are written
    std::vector<cohort_sample> cohort; // one per sample when files are written
};

sample_report file_error(std::string const & display, std::size_t const record, std::string const & message)
{
    sample_report r;
    r.name = std::filesystem::path{display}.filename().string();
    if (record > 0)
        r.name += "#record" + std::to_string(record);
    r.original_name = r.name;
    r.input_file = display;
    r.record = record;
    r.status = sample_status::error;
    r.error = message;
    return r;
}

// Settings and content that decide a sample's outputs, hashed for --resume.
std::string ngs_fingerprint(std::vector<std::string> const & paths)
{
    std::string fp;
    for (std::string const & p : paths)
    {
        std::error_code ec;
        auto const size = std::filesystem::file_size(p, ec);
        auto const time = std::filesystem::last_write_time(p, ec).time_since_epoch().count();
        fp += p + "\t" + std::to_string(ec ? 0 : size) + "\t" + std::to_string(time) + "\n";
    }
    return fp;
}

} // namespace

run_totals run_analyze(analyze_config const & cfg, std::ostream & out, std::ostream & log)
{
    auto const t0 = std::chrono::steady_clock::now();
    if (cfg.inputs.empty() && cfg.sample_sheet.empty())
        throw usage_error{"no input files given (give files, directories, '-' or --sample-sheet)"};
    if (cfg.out_dir.empty() && cfg.report == stdout_report::none)
        throw usage_error{"no output directory (-o) given"};
    std::vector<std::string> const inputs = expand_inputs(cfg.inputs);
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

    // Sources in run order. Input kinds are detected from content; adjacent FASTQ R1/R2 form a pair.
    std::vector<source> sources;
    {
        std::vector<input_kind> kinds;
        std::vector<std::string> errors(inputs.size());
        for (std::size_t i = 0; i < inputs.size(); ++i)
        {
            try
            {
                kinds.push_back(detect_input_kind(inputs[i]));
            }
            catch (input_error const & e)
            {
                kinds.push_back(input_kind::unknown);
                errors[i] = e.what();
            }
        }
        for (std::vector<std::size_t> const & group : pair_fastq_inputs(inputs, kinds))
        {
            source s;
            s.kind = kinds[group.front()];
            for (std::size_t const i : group)
                s.paths.push_back(inputs[i]);
            s.error = errors[group.front()];
            s.t = !s.error.empty() ? source::type::failed
                                   : (is_reads(s.kind) ? source::type::reads : source::type::fasta);
            sources.push_back(std::move(s));
        }
    }
    if (sheet)
    {
        for (sheet_row const & row : sheet->rows)
        {
            source s;
            s.sheet_name = row.sample;
            s.paths = row.files;
            s.where = cfg.sample_sheet.string() + ":" + std::to_string(row.line);
            s.error = row.problem;
            if (s.error.empty())
            {
                treatment_context c;
                try
                {
                    c.history = parse_history(row.history, db);
                }
                catch (usage_error const & e)
                {
                    s.error = "sample sheet line " + std::to_string(row.line) + ": " + e.what();
                }
                if (!row.hbeag.empty())
                    c.hbeag_positive = row.hbeag == "positive";
                else
                    c.hbeag_positive = cfg.hbeag_positive;
                if (row.history.empty())
                    c.history = parse_history(cfg.history, db);
                s.context = c;
            }
            for (std::size_t i = 0; i < s.paths.size() && s.error.empty(); ++i)
            {
                std::error_code ec;
                if (!std::filesystem::is_regular_file(s.paths[i], ec))
                {
                    s.error = "sample sheet line " + std::to_string(row.line) + ": "
                              + (ec && ec != std::errc::no_such_file_or_directory ? s.paths[i] + ": " + ec.message()
                                                                                  : "no such file " + s.paths[i]);
                    break;
                }
                try
                {
                    input_kind const k = detect_input_kind(s.paths[i]);
                    if (i > 0 && (k != input_kind::fastq || s.kind != input_kind::fastq))
                        s.error = "sample sheet line " + std::to_string(row.line) + ": two files must be a FASTQ pair";
                    s.kind = k;
                }
                catch (input_error const & e)
                {
                    s.error = e.what();
                }
            }
            s.t = !s.error.empty() ? source::type::failed
                                   : (is_reads(s.kind) ? source::type::reads : source::type::fasta);
            sources.push_back(std::move(s));
        }
    }
    bool const has_ngs = std::any_of(sources.begin(),
                                     sources.end(),
                                     [](source const & s)
                                     {
                                         return s.t == source::type::reads;
                                     });
    if (!cfg.ngs.bam_reference.empty() && !std::filesystem::is_regular_file(cfg.ngs.bam_reference))
        throw input_error{cfg.ngs.bam_reference.string() + ": no such file (--bam-reference)"};
    ngs_options ngs_opts = cfg.ngs;
    // The pool runs samples in parallel; threads left over per read sample go to reading it: a
    // reader thread (records read and decoded there), then BGZF decompression threads; for reads
    // hbvdr aligns itself (FASTQ), all of them to aligning.
    auto const n_reads = static_cast<unsigned>(std::count_if(sources.begin(),
                                                             sources.end(),
                                                             [](source const & s)
                                                             {
                                                                 return s.t == source::type::reads;
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
    std::string settings_key =
        meta.tool_version + "\n" + meta.reference_manifest_sha256 + "\n" + meta.db_manifest_sha256 + "\n";
    for (auto const & [k, v] : meta.parameters)
        settings_key += k + "=" + v + "\n";
    settings_key += std::string{cfg.json.full_calls ? "json-calls" : ""} + (cfg.reports_text ? "+text" : "")
                    + (cfg.reports_html ? "+html" : "") + (cfg.multiqc ? "+mqc" : "") + "\n";

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
        fragments f;
        f.files = sample_files(j.stem);
        for (std::string const & file : f.files)
            rep.report_files.emplace_back(file.ends_with(".txt") ? "text" : "html", file);
        append_summary_row(f.summary, rep, drug_codes);
        append_call_rows(f.calls, rep);
        append_mutation_rows(f.mutations, rep);
        append_drug_rows(f.drugs, rep);
        append_linkage_rows(f.linkage, rep);
        append_consensus_record(f.consensus, rep);
        append_multiqc_general_stats(f.mqc_stats, rep, drug_codes);
        append_multiqc_drug_table(f.mqc_table, rep, drug_codes);
        f.json = json_sample(rep, cfg.json);
        if (files)
            r.cohort.push_back(make_cohort_sample(rep, ctx.minority_below));
        f.status = rep.status;
        switch (cfg.report)
        {
        case stdout_report::text:
            f.console = text_report(rep, ropts);
            break;
        case stdout_report::html:
            f.console = html_report(rep, ropts);
            break;
        case stdout_report::none:
            f.console = print_summary ? console_line(rep) : std::string{};
            break;
        }
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
                render(analyze_reads(j.reads, ctx, ngs_opts), j, r);
                break;
            case job::type::failed:
                render(std::move(j.failed), j, r);
                break;
            case job::type::cached:
                if (write_html)
                    r.index.push_back(std::move(j.cached_row));
                r.cohort.push_back(std::move(j.cached_cohort));
                j.cached.reused = true;
                j.cached.files = sample_files(j.stem);
                r.samples.push_back(std::move(j.cached));
                break;
            }
        }
        return r;
    };

    run_totals totals;
    bool first_json = true;
    std::vector<index_row> index;
    cohort_counts cohort;
    std::uint64_t total_bytes = 0, bytes_before = 0, bytes_current = 0;
    for (source const & s : sources)
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
        progress.update(totals.samples, bytes_before + bytes_current);
    };

    {
        unsigned const workers = cfg.threads <= 1 ? 0 : cfg.threads;
        detail::ordered_pool<batch, rendered> pool{workers, work, sink, 4 * std::max(1u, workers)};
        std::unordered_map<std::string, std::size_t> seen;
        file_stem_registry stems;
        std::size_t index_in_run = 0;
        constexpr std::size_t batch_size = 64;
        batch current;
        auto flush = [&]
        {
            if (!current.jobs.empty())
                pool.submit(std::move(current));
            current = batch{};
        };
        auto unique_name = [&](std::string name, std::string const & where, std::vector<std::string> & warnings)
        {
            if (std::size_t & count = seen[name]; ++count > 1)
            {
                std::string renamed;
                do
                    renamed = name + "~" + std::to_string(count++);
                while (seen.count(renamed) > 0);
                seen[renamed] = 1;
                std::string const w =
                    "duplicate sample name '" + name + "' (" + where + ") renamed to '" + renamed + "'";
                warnings.push_back(w);
                name = renamed;
            }
            return name;
        };
        // Every sample gets its index, name and file stem, in order, whether or not it is in --records:
        // so the chunks of a workflow name everything exactly as one run would.
        auto enqueue = [&](job && j,
                           std::string const & name_for_stem,
                           std::vector<std::string> const & warnings,
                           std::string content_key)
        {
            ++index_in_run;
            // File stems are only needed (and only remembered) when a sample gets files of its own.
            if (write_text || write_html || cfg.resume)
                j.stem = stems.assign(name_for_stem);
            if (cfg.records && (index_in_run < cfg.records->first || index_in_run > cfg.records->second))
                return;
            for (std::string const & w : warnings)
                log << "hbvdr: warning: " << w << "\n";
            if (cfg.resume && files && j.t != job::type::failed)
            {
                j.key = sha256_hex(settings_key + std::to_string(index_in_run) + "\n" + j.stem + "\n" + content_key);
                std::filesystem::path const part = resume_dir / (j.stem + ".part");
                std::vector<std::string> const own = sample_files(j.stem);
                bool const kept = std::all_of(own.begin(),
                                              own.end(),
                                              [&](std::string const & rel)
                                              {
                                                  return out_dir->has_sample_file(rel);
                                              });
                if (std::optional<std::string> const text = kept ? read_whole_file(part) : std::nullopt)
                {
                    auto [state, f] = deserialise(*text, j.key);
                    try // its sample must read back as the index reads it
                    {
                        if (state == part_state::damaged)
                            throw input_error{part.string()
                                              + ": its content does not match its checksum (edited or damaged)"};
                        if (state == part_state::usable)
                        {
                            json_fields const jf{part.string()};
                            nlohmann::json const sample = jf.parse(f.json);
                            j.cached_row = index_row_from_json(sample, jf);
                            j.cached_cohort = cohort_sample_from_json(sample, jf, ctx.minority_below);
                            j.t = job::type::cached;
                            j.cached = std::move(f);
                        }
                    }
                    catch (input_error const & e)
                    {
                        log << "hbvdr: warning: " << e.what() << "; the sample is analysed again\n";
                    }
                }
            }
            bool const alone = j.t == job::type::reads; // NGS samples are big: one per batch
            if (alone)
                flush();
            current.jobs.push_back(std::move(j));
            if (alone || current.jobs.size() >= batch_size)
                flush();
        };
        auto failed = [&](std::string const & display,
                          std::size_t const record,
                          std::string const & message,
                          std::optional<std::string> const & name)
        {
            job j;
            j.t = job::type::failed;
            j.failed = file_error(display, record, message);
            if (name)
                j.failed.name = j.failed.original_name = *name;
            std::vector<std::string> warnings;
            j.failed.name = unique_name(j.failed.name, display, warnings);
            j.failed.input_warnings = warnings;
            std::string const stem_name = j.failed.name;
            enqueue(std::move(j), stem_name, warnings, {});
        };

        for (source const & s : sources)
        {
            std::string const display = s.paths.empty() ? s.where : display_path(s.paths.front());
            if (s.t == source::type::failed)
            {
                failed(display, 0, s.error, s.sheet_name);
                continue;
            }
            if (s.t == source::type::reads)
            {
                job j;
                j.t = job::type::reads;
                j.reads.kind = s.kind;
                for (std::string const & p : s.paths)
                {
                    j.reads.paths.push_back(p);
                    j.reads.display.push_back(display_path(p));
                }
                j.reads.context = s.context;
                std::string const name =
                    s.sheet_name ? *s.sheet_name : ngs_sample_name(s.paths.front(), s.paths.size() > 1);
                j.reads.name = unique_name(name, s.sheet_name ? s.where : display, j.reads.input_warnings);
                std::string const stem_name = j.reads.name;
                std::vector<std::string> const warnings = j.reads.input_warnings;
                enqueue(std::move(j), stem_name, warnings, ngs_fingerprint(s.paths));
                continue;
            }
            // FASTA: every record is a sample, or the one record a sample-sheet row names.
            std::size_t records = 0;
            std::string const & path = s.paths.front();
            try
            {
                sequence_reader reader{path};
                if (reader.format() == sequence_format::fastq)
                    throw input_error{display + ": FASTQ input could not be read as reads"};
                sequence_record rec;
                std::vector<job> sheet_jobs;
                while (reader.next(rec))
                {
                    ++records;
                    job j;
                    j.seq.original_name = rec.name;
                    j.seq.input_file = display;
                    j.seq.record = rec.index + 1;
                    j.seq.sequence = std::move(rec.sequence);
                    j.seq.problem = std::move(rec.problem);
                    j.seq.context = s.context;
                    if (s.sheet_name)
                    {
                        sheet_jobs.push_back(std::move(j));
                        continue;
                    }
                    std::string const name =
                        rec.name.empty() ? "unnamed_record" + std::to_string(j.seq.record) : rec.name;
                    j.seq.name =
                        unique_name(name, display + " record " + std::to_string(j.seq.record), j.seq.input_warnings);
                    std::string const stem_name = j.seq.name;
                    std::vector<std::string> const warnings = j.seq.input_warnings;
                    std::string key = display + "\n" + std::to_string(j.seq.record) + "\n" + j.seq.name + "\n"
                                      + j.seq.sequence + "\n" + j.seq.problem;
                    enqueue(std::move(j), stem_name, warnings, std::move(key));
                    bytes_current = reader.bytes_read();
                }
                // Every named input gives at least one row, whatever its size.
                if (records == 0 && !s.sheet_name)
                    failed(display,
                           0,
                           (path == "-" ? std::string{"standard input"} : display)
                               + ": no sequence record (it is empty or holds only blank or ';' comment lines)",
                           s.sheet_name);
                if (s.sheet_name)
                {
                    if (sheet_jobs.size() != 1)
                    {
                        failed(display,
                               0,
                               s.where + ": " + display + " holds " + std::to_string(sheet_jobs.size())
                                   + " sequences; a sample-sheet row names one sample (one sequence)",
                               s.sheet_name);
                    }
                    else
                    {
                        job j = std::move(sheet_jobs.front());
                        j.seq.name = unique_name(*s.sheet_name, s.where, j.seq.input_warnings);
                        std::string const stem_name = j.seq.name;
                        std::vector<std::string> const warnings = j.seq.input_warnings;
                        std::string key =
                            display + "\n" + std::to_string(j.seq.record) + "\n" + j.seq.name + "\n" + j.seq.sequence
                            + "\n" + j.seq.problem + "\n"
                            + join(s.context ? s.context->history : std::vector<std::string>{}, ",")
                            + (s.context && s.context->hbeag_positive ? (*s.context->hbeag_positive ? "+" : "-") : "?");
                        enqueue(std::move(j), stem_name, warnings, std::move(key));
                    }
                }
            }
            catch (input_error const & e)
            {
                log << "hbvdr: error: " << e.what() << "\n";
                failed(display, records == 0 ? 0 : records + 1, e.what(), s.sheet_name);
            }
            bytes_before += bytes_current;
            bytes_current = 0;
        }
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
