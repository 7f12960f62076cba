#include <algorithm>
#include <array>
#include <ostream>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/monitor.hpp>
#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/core/version.hpp>
#include <hbvdr/io/atomic_file.hpp>
#include <hbvdr/io/sequence_reader.hpp>
#include <hbvdr/monitor/genotypic.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/reference/reference.hpp>

#include "monitor_run.hpp"

namespace hbvdr
{

namespace monitor_run
{

namespace
{

constexpr std::array<output_format, 3> all_formats{{{"text", "monitor.txt", ".txt", &monitor_text},
                                                    {"json", "monitor.json", ".json", &monitor_json},
                                                    {"html", "monitor.html", ".html", &monitor_html}}};

} // namespace

std::vector<output_format> chosen_formats(monitor_config const & cfg)
{
    std::vector<output_format> out;
    for (std::string const & f : cfg.formats)
    {
        auto const it = std::find_if(all_formats.begin(),
                                     all_formats.end(),
                                     [&](output_format const & o)
                                     {
                                         return o.name == f;
                                     });
        if (it == all_formats.end())
            throw usage_error{"unknown format '" + f + "' (known: text, json, html)"};
        if (std::none_of(out.begin(),
                         out.end(),
                         [&](output_format const & o)
                         {
                             return o.name == f;
                         }))
            out.push_back(*it);
    }
    if (out.empty())
    {
        if (cfg.out_dir)
            out.assign(all_formats.begin(), all_formats.end());
        else
            out.push_back(all_formats[0]);
    }
    if (!cfg.out_dir && out.size() > 1)
        throw usage_error{"several formats need an output directory (-o DIR); standard output takes one"};
    return out;
}

knowledge::knowledge(monitor_config const & cfg, reference_set const * refs) :
    db{mutation_db::load(cfg.db_dir, refs)}, codes{[&]
                                                   {
                                                       std::vector<std::string> c;
                                                       for (db_drug const & d : db.drugs())
                                                           c.push_back(d.code);
                                                       return c;
                                                   }()},
    defs{monitoring_definitions::load(cfg.data_dir / "monitoring", codes)}
{}

monitor_report new_report(timeline t, knowledge const & k)
{
    monitor_report rep;
    rep.tool_version = std::string{tool_version()};
    rep.db_label = k.db.label();
    rep.db_manifest_sha256 = k.db.manifest_sha256();
    rep.patient = std::move(t);
    rep.context = timeline_context(rep.patient);
    return rep;
}

void classify_report(monitor_report & rep, knowledge const & k)
{
    std::optional<char> hint;
    if (rep.genotype)
    {
        if (rep.genotype->genotype.size() == 1)
            hint = rep.genotype->genotype.front();
        if (rep.genotype->qc_status != "pass")
            rep.notes.push_back("The sequence's quality control status is '" + rep.genotype->qc_status
                                + "': check its QC messages (hbvdr analyze) before relying on the drug levels.");
        if (rep.patient.genotype && hint && *hint != *rep.patient.genotype)
            rep.notes.push_back("The timeline gives genotype " + std::string(1, *rep.patient.genotype)
                                + ", the sequence genotype " + std::string(1, *hint)
                                + ": the timeline's is used for the peginterferon rules.");
    }
    rep.result = classify_timeline(rep.patient, k.defs, k.db, hint);
    rep.gate = assess_gate(rep.patient, rep.result, k.defs, rep.genotype ? &*rep.genotype : nullptr);
}

} // namespace monitor_run

namespace
{

using namespace monitor_run;

// The one record of a FASTA, or the record named `wanted`.
sample_input read_sequence(std::string const & path, std::string const & display, std::string const & wanted)
{
    if (path != "-" && !std::filesystem::is_regular_file(path))
        throw input_error{display + ": no such file (or not a regular file)"};
    sequence_reader reader{path};
    if (reader.format() == sequence_format::fastq)
        throw input_error{display + ": FASTQ reads are not accepted; give the consensus sequence as FASTA"};
    sequence_record rec;
    std::vector<std::string> names;
    std::optional<sample_input> found;
    while (reader.next(rec))
    {
        names.push_back(rec.name);
        if (found || (!wanted.empty() && rec.name != wanted))
            continue;
        sample_input in;
        in.name = rec.name.empty() ? "unnamed_record" + std::to_string(rec.index + 1) : rec.name;
        in.original_name = rec.name;
        in.input_file = display;
        in.record = rec.index + 1;
        in.sequence = std::move(rec.sequence);
        in.problem = std::move(rec.problem);
        found = std::move(in);
    }
    if (names.empty())
        throw input_error{display + ": no sequence record"};
    if (!found)
        throw input_error{display + ": no record named '" + wanted + "' (records: " + join(names, ", ") + ")"};
    if (wanted.empty() && names.size() > 1)
        throw usage_error{display + " holds " + std::to_string(names.size()) + " records (" + join(names, ", ")
                          + "): choose the patient's sequence with --sample NAME"};
    return std::move(*found);
}

} // namespace

monitor_report run_monitor(monitor_config const & cfg, std::ostream & out, std::ostream & log)
{
    if (!cfg.sequence.empty() && !cfg.results_dir.empty())
        throw usage_error{"--sequence and --results exclude each other"};
    if (!cfg.results_dir.empty() && cfg.sample.empty())
        throw usage_error{"--results needs --sample NAME (the sample in results.json)"};
    if (cfg.sequence.empty() && cfg.results_dir.empty() && !cfg.sample.empty())
        throw usage_error{"--sample needs --sequence FASTA or --results DIR"};
    std::vector<output_format> const formats = chosen_formats(cfg);
    std::string const timeline_display = display_path(cfg.timeline);
    if (!std::filesystem::is_regular_file(cfg.timeline))
        throw input_error{timeline_display + ": no such file (or not a regular file)"};

    // The database checks its residues against the references when a sequence is analysed.
    std::optional<reference_set> refs;
    if (!cfg.sequence.empty())
        refs = reference_set::load(cfg.data_dir);
    knowledge const k{cfg, refs ? &*refs : nullptr};
    monitor_report rep = new_report(read_timeline(cfg.timeline, timeline_display, k.codes), k);
    mutation_db const & db = k.db;
    monitoring_definitions const & defs = k.defs;

    if (!cfg.sequence.empty())
    {
        std::string const display = display_path(cfg.sequence);
        aligner const align{*refs};
        analysis_context actx{*refs, align, cfg.mode};
        actx.db = &db;
        actx.context = rep.context;
        actx.quality.key_rt_positions = db.coverage_rt_positions();
        sample_report const s = analyze_sequence(read_sequence(cfg.sequence, display, cfg.sample), actx);
        if (s.status == sample_status::error)
            throw input_error{display + ": sequence '" + s.name + "' could not be analysed: " + s.error};
        rep.genotype = genotypic_from_report(s, "sequence " + display);
    }
    else if (!cfg.results_dir.empty())
    {
        rep.genotype = genotypic_from_results(cfg.results_dir, display_path(cfg.results_dir), cfg.sample);
        if (std::string const note = context_mismatch(*rep.genotype, rep.context); !note.empty())
            rep.notes.push_back(note);
    }
    classify_report(rep, k);

    // Render everything before writing anything.
    std::vector<std::string> rendered;
    for (output_format const & f : formats)
        rendered.push_back(f.render(rep, defs));
    if (cfg.out_dir)
    {
        std::error_code ec;
        std::filesystem::create_directories(*cfg.out_dir, ec);
        if (ec || !std::filesystem::is_directory(*cfg.out_dir))
            throw output_error{cfg.out_dir->string() + ": cannot create the output directory"
                               + (ec ? ": " + ec.message() : "")};
        for (std::size_t i = 0; i < formats.size(); ++i)
            write_file_atomically(*cfg.out_dir / formats[i].file, rendered[i]);
    }
    else
        out << rendered.front();
    if (!cfg.quiet)
    {
        std::size_t met = 0;
        for (monitor_finding const & f : rep.result.findings)
            met += f.status == monitor_status::met || f.status == monitor_status::possible ? 1 : 0;
        log << "hbvdr: monitor: patient " << rep.patient.patient << ": gate " << describe(rep.gate.reached) << ", "
            << met << " classification(s) met or possible, " << rep.result.warnings.size() << " first-line warning(s)"
            << (cfg.out_dir ? "; reports in " + cfg.out_dir->string() : std::string{}) << "\n";
    }
    return rep;
}

} // namespace hbvdr
