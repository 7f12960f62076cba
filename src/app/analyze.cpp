#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <unistd.h>
#include <unordered_map>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/core/version.hpp>
#include <hbvdr/io/atomic_file.hpp>
#include <hbvdr/io/sequence_reader.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/ngs/ngs.hpp>
#include <hbvdr/report/console.hpp>
#include <hbvdr/report/tables.hpp>

#include "ordered_pool.hpp"

#ifndef HBVDR_SOURCE_DATA_DIR
#define HBVDR_SOURCE_DATA_DIR ""
#endif

namespace hbvdr
{

std::filesystem::path resolve_data_dir(std::optional<std::filesystem::path> const & explicit_dir)
{
    if (explicit_dir)
        return *explicit_dir;
    if (char const * env = std::getenv("HBVDR_DATA_DIR"); env != nullptr && *env != '\0')
        return env;
    std::error_code ec;
    std::filesystem::path const exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec)
    {
        std::filesystem::path const installed = exe.parent_path().parent_path() / "share" / "hbvdr" / "data";
        if (std::filesystem::exists(installed / "manifest.tsv", ec))
            return installed;
    }
    return HBVDR_SOURCE_DATA_DIR;
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

std::string display_path(std::string const & path)
{
    std::filesystem::path const p{path};
    return p.is_absolute() ? p.filename().string() : path;
}

namespace
{

struct batch
{
    std::vector<sample_input> samples;
    std::vector<ngs_input> reads;      // NGS samples (one per batch)
    std::vector<sample_report> failed; // file-level problems, already reports
};

struct rendered
{
    std::string summary, calls, mutations, drugs, text, linkage, consensus;
    std::vector<std::string> json;
    std::size_t ok{0}, warning{0}, error{0};
};

void render(sample_report const & r,
            json_options const & jo,
            bool const text,
            std::vector<std::string> const & drugs,
            rendered & out)
{
    append_summary_row(out.summary, r, drugs);
    append_call_rows(out.calls, r);
    append_mutation_rows(out.mutations, r);
    append_drug_rows(out.drugs, r);
    append_linkage_rows(out.linkage, r);
    append_consensus_record(out.consensus, r);
    out.json.push_back(json_sample(r, jo));
    if (text)
        out.text += console_line(r);
    switch (r.status)
    {
    case sample_status::ok:
        ++out.ok;
        break;
    case sample_status::warning:
        ++out.warning;
        break;
    case sample_status::error:
        ++out.error;
        break;
    }
}

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

} // namespace

run_totals run_analyze(analyze_config const & cfg, std::ostream & out, std::ostream & log)
{
    auto const t0 = std::chrono::steady_clock::now();
    for (std::string const & in : cfg.inputs)
        if (in != "-" && !std::filesystem::is_regular_file(in))
            throw input_error{in + ": no such file (or not a regular file)"};
    if (cfg.inputs.empty())
        throw usage_error{"no input files given"};

    // What each input holds (from its content), and which FASTQ files form pairs.
    std::vector<input_kind> kinds;
    std::vector<std::string> kind_errors(cfg.inputs.size());
    for (std::size_t i = 0; i < cfg.inputs.size(); ++i)
    {
        try
        {
            kinds.push_back(detect_input_kind(cfg.inputs[i]));
        }
        catch (input_error const & e)
        {
            kinds.push_back(input_kind::unknown);
            kind_errors[i] = e.what();
        }
    }
    bool const has_ngs = std::any_of(kinds.begin(),
                                     kinds.end(),
                                     [](input_kind const k)
                                     {
                                         return k == input_kind::fastq || k == input_kind::sam || k == input_kind::bam
                                                || k == input_kind::cram;
                                     });
    std::vector<std::vector<std::size_t>> const groups = pair_fastq_inputs(cfg.inputs, kinds);
    if (!cfg.ngs.bam_reference.empty() && !std::filesystem::is_regular_file(cfg.ngs.bam_reference))
        throw input_error{cfg.ngs.bam_reference.string() + ": no such file (--bam-reference)"};
    if (has_ngs)
        ngs_prepare_htslib();
    ngs_options ngs_opts = cfg.ngs;
    // A lone BAM gets the decompression threads; with several samples the pool keeps threads busy.
    ngs_opts.hts_threads = cfg.threads > 1 ? cfg.threads - 1 : 0;

    reference_set const refs = reference_set::load(cfg.data_dir);
    mutation_db const db = mutation_db::load(cfg.db_dir, &refs);
    aligner const align{refs};
    analysis_context ctx{refs, align, cfg.mode};
    ctx.db = &db;
    ctx.context.history = parse_history(cfg.history, db);
    ctx.context.hbeag_positive = cfg.hbeag_positive;
    ctx.quality.key_rt_positions = qc_key_rt_positions(db);
    // Linkage is tracked over the same resistance positions QC checks.
    if (!ctx.quality.key_rt_positions.empty())
        ngs_opts.linkage_positions = ctx.quality.key_rt_positions;
    std::vector<std::string> drug_codes;
    for (db_drug const & d : db.drugs())
        if (d.interpret)
            drug_codes.push_back(d.code);

    std::error_code ec;
    std::filesystem::create_directories(cfg.out_dir, ec);
    if (ec || !std::filesystem::is_directory(cfg.out_dir))
        throw output_error{cfg.out_dir.string() + ": cannot create the output directory"
                           + (ec ? ": " + ec.message() : "")};

    atomic_output_file summary{cfg.out_dir / "summary.tsv"};
    atomic_output_file calls{cfg.out_dir / "calls.tsv"};
    atomic_output_file mutations{cfg.out_dir / "mutations.tsv"};
    atomic_output_file drugs{cfg.out_dir / "drugs.tsv"};
    atomic_output_file json{cfg.out_dir / "results.json"};
    std::optional<atomic_output_file> linkage, consensus;
    if (has_ngs)
    {
        linkage.emplace(cfg.out_dir / "linkage.tsv");
        consensus.emplace(cfg.out_dir / "consensus.fasta");
        linkage->write(linkage_header());
    }
    summary.write(summary_header(drug_codes));
    calls.write(calls_header());
    mutations.write(mutations_header());
    drugs.write(drugs_header());
    run_metadata meta;
    meta.tool_version = std::string{tool_version()};
    meta.reference_manifest_sha256 = refs.manifest_sha256();
    meta.db_name = db.name();
    meta.db_version = db.version();
    meta.db_release_date = db.release_date();
    meta.db_manifest_sha256 = db.manifest_sha256();
    meta.parameters = {{"align_mode", cfg.mode == align_mode::full ? "full" : "anchored"},
                       {"history", join(ctx.context.history, ",")},
                       {"hbeag", cfg.hbeag_positive ? (*cfg.hbeag_positive ? "positive" : "negative") : "unknown"}};
    ngs_thresholds const & th = cfg.ngs.thresholds;
    if (has_ngs)
    {
        meta.parameters.emplace_back("min_freq", format_fixed(th.min_freq, 4));
        meta.parameters.emplace_back("min_depth", std::to_string(th.min_depth));
        meta.parameters.emplace_back("min_baseq", std::to_string(th.min_baseq));
        meta.parameters.emplace_back("consensus_threshold", format_fixed(th.consensus_threshold, 4));
        meta.parameters.emplace_back("bam_reference",
                                     cfg.ngs.bam_reference.empty() ? "" : display_path(cfg.ngs.bam_reference.string()));
    }
    json.write(json_run_prefix(meta));
    if (cfg.print_summary)
    {
        if (has_ngs)
            out << "NGS samples: amino acids reported from " << format_fixed(100 * th.min_freq, 1)
                << "% at depth >= " << th.min_depth << " (whole codons, bases >= Q" << th.min_baseq
                << "); minority variants shown as rtM204V(8.3%)\n";
        out << console_header();
    }

    run_totals totals;
    bool first_json = true;
    auto last_progress = t0;
    auto sink = [&](rendered & r)
    {
        summary.write(r.summary);
        calls.write(r.calls);
        mutations.write(r.mutations);
        drugs.write(r.drugs);
        if (linkage)
            linkage->write(r.linkage);
        if (consensus)
            consensus->write(r.consensus);
        for (std::string const & j : r.json)
        {
            json.write(first_json ? "" : ",\n");
            json.write(j);
            first_json = false;
        }
        if (cfg.print_summary)
            out << r.text;
        totals.ok += r.ok;
        totals.warning += r.warning;
        totals.error += r.error;
        totals.samples += r.ok + r.warning + r.error;
        auto const now = std::chrono::steady_clock::now();
        if (!cfg.quiet && now - last_progress > std::chrono::seconds{5})
        {
            double const secs = std::chrono::duration<double>(now - t0).count();
            log << "hbvdr: " << totals.samples << " samples done (" << format_fixed(totals.samples / secs, 0)
                << "/s)\n";
            last_progress = now;
        }
    };
    auto work = [&](batch & b)
    {
        rendered r;
        for (sample_input & in : b.samples)
            render(analyze_sequence(std::move(in), ctx), cfg.json, cfg.print_summary, drug_codes, r);
        for (ngs_input const & in : b.reads)
            render(analyze_ngs(in, ctx, ngs_opts), cfg.json, cfg.print_summary, drug_codes, r);
        for (sample_report const & f : b.failed)
            render(f, cfg.json, cfg.print_summary, drug_codes, r);
        return r;
    };
    {
        unsigned const workers = cfg.threads <= 1 ? 0 : cfg.threads;
        detail::ordered_pool<batch, rendered> pool{workers, work, sink, 4 * std::max(1u, workers)};
        std::unordered_map<std::string, std::size_t> seen;
        constexpr std::size_t batch_size = 64;
        batch current;
        auto flush = [&]
        {
            if (!current.samples.empty() || !current.failed.empty() || !current.reads.empty())
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
                log << "hbvdr: warning: " << w << "\n";
                warnings.push_back(w);
                name = renamed;
            }
            return name;
        };
        for (std::vector<std::size_t> const & group : groups)
        {
            std::string const & path = cfg.inputs[group.front()];
            std::string const display = display_path(path);
            input_kind const kind = kinds[group.front()];
            if (!kind_errors[group.front()].empty())
            {
                log << "hbvdr: error: " << kind_errors[group.front()] << "\n";
                current.failed.push_back(file_error(display, 0, kind_errors[group.front()]));
                flush();
                continue;
            }
            if (kind != input_kind::fasta)
            {
                // One NGS sample: a SAM/BAM/CRAM file, a FASTQ file or a FASTQ pair.
                ngs_input in;
                in.kind = kind;
                for (std::size_t const i : group)
                {
                    in.paths.push_back(cfg.inputs[i]);
                    in.display.push_back(display_path(cfg.inputs[i]));
                }
                in.name = unique_name(ngs_sample_name(path, group.size() > 1), display, in.input_warnings);
                flush();
                current.reads.push_back(std::move(in));
                flush();
                continue;
            }
            std::size_t records = 0;
            try
            {
                sequence_reader reader{path};
                if (reader.format() == sequence_format::fastq)
                    throw input_error{display + ": FASTQ input could not be read as reads"};
                sequence_record rec;
                while (reader.next(rec))
                {
                    ++records;
                    sample_input in;
                    in.original_name = rec.name;
                    in.input_file = display;
                    in.record = rec.index + 1;
                    in.sequence = std::move(rec.sequence);
                    std::string name = rec.name.empty() ? "unnamed_record" + std::to_string(in.record) : rec.name;
                    if (std::size_t & count = seen[name]; ++count > 1)
                    {
                        std::string renamed;
                        do
                            renamed = name + "~" + std::to_string(count++);
                        while (seen.count(renamed) > 0);
                        seen[renamed] = 1;
                        std::string const w = "duplicate sample name '" + name + "' (" + display + " record "
                                              + std::to_string(in.record) + ") renamed to '" + renamed + "'";
                        log << "hbvdr: warning: " << w << "\n";
                        in.input_warnings.push_back(w);
                        name = renamed;
                    }
                    in.name = std::move(name);
                    current.samples.push_back(std::move(in));
                    if (current.samples.size() >= batch_size)
                        flush();
                }
            }
            catch (input_error const & e)
            {
                log << "hbvdr: error: " << e.what() << "\n";
                current.failed.push_back(file_error(display, records == 0 ? 0 : records + 1, e.what()));
                flush();
            }
        }
        flush();
        pool.finish();
    }
    json.write(std::string{first_json ? "" : "\n"} + json_run_suffix());
    summary.commit();
    calls.commit();
    mutations.commit();
    drugs.commit();
    json.commit();
    if (linkage)
        linkage->commit();
    if (consensus)
        consensus->commit();
    totals.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!cfg.quiet)
        log << "hbvdr: " << totals.samples << " samples: " << totals.ok << " ok, " << totals.warning << " warning, "
            << totals.error << " error in " << format_fixed(totals.seconds, 2) << " s ("
            << format_fixed(totals.seconds > 0 ? totals.samples / totals.seconds : 0.0, 0) << " samples/s); results in "
            << cfg.out_dir.string() << "\n";
    return totals;
}

} // namespace hbvdr
