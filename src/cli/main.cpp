// hbvdr command line: parses arguments (CLI11), calls the library, maps errors to exit codes
// (each command's codes are listed in its --help footer, help_text.hpp): 0 success; 1 fatal
// input/data/output error; 2 usage error; 3 analyze (or a monitor batch) finished but some sample
// (patient) is an error row.
#include <algorithm>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include <hbvdr/app/about.hpp>
#include <hbvdr/app/aggregate.hpp>
#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/db_commands.hpp>
#include <hbvdr/app/locations.hpp>
#include <hbvdr/app/monitor.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/mutdb/mutdb.hpp>

#include "help_text.hpp"

int main(int argc, char ** argv)
{
    // SeqAn3 3.2 reads std::cin through its buffer pointers; with stdio sync on, std::cin has no
    // buffer and SeqAn3 crashes. Unsynchronised streams have one.
    std::ios::sync_with_stdio(false);

    // Named here, not taken from argv[0], so that help (and the man page made from it) says "hbvdr".
    CLI::App app{"hbvdr: genotypic drug-resistance analysis of hepatitis B virus sequences", "hbvdr"};
    app.set_version_flag("--version",
                         hbvdr::version_report,
                         "Print the version, and the mutation database and reference data a run would use");
    app.require_subcommand(1);

    hbvdr::analyze_config cfg;
    std::string out_dir;
    std::string data_dir;
    std::string db_dir;
    std::string hbeag;
    std::string align_mode = "anchored";
    unsigned threads = 1;
    bool quiet = false;
    bool no_summary = false;
    CLI::App * analyze = app.add_subcommand(
        "analyze",
        "Analyse HBV sequences (FASTA, plain or gzip; '-' = standard input) or reads (SAM/BAM/CRAM; FASTQ, "
        "a pair as adjacent x_R1/x_R2 files)");
    analyze->add_option("inputs", cfg.inputs, "Input files or directories ('-' = standard input)");
    analyze->add_option(
        "-o,--out", out_dir, "Output directory (created if missing); required unless --report prints to stdout");
    std::string sample_sheet, records, report_stdout;
    std::vector<std::string> reports{"text", "html"};
    analyze->add_option(
        "--sample-sheet", sample_sheet, "Sample sheet (TSV: sample, files[, history, hbeag]); one sample per row");
    analyze->add_option(
        "--records", records, "Analyse only samples A-B of the run (1-based, e.g. 1001-2000); for workflow chunks");
    analyze
        ->add_option("--reports",
                     reports,
                     "Per-sample report files, comma-separated: text,html (default), text, html or none; html adds "
                     "index.html")
        ->delimiter(',')
        ->allow_extra_args(false) // one value per --reports: `--reports text in.fa` keeps in.fa an input
        ->check(CLI::IsMember({"text", "html", "none"}));
    analyze
        ->add_option(
            "--report", report_stdout, "Print each sample's report on stdout instead of the summary: text or html")
        ->check(CLI::IsMember({"text", "html"}));
    analyze->add_flag(
        "--resume", cfg.resume, "Keep per-sample results so an interrupted run can be resumed; reuse complete ones");
    bool no_multiqc = false;
    analyze->add_flag("--no-multiqc", no_multiqc, "Do not write the MultiQC custom-content files");
    analyze->add_option("-t,--threads", threads, "Worker threads (output is identical for any number)")
        ->check(CLI::Range(1u, 1024u));
    analyze->add_option("--data-dir", data_dir, "Reference data directory (default: the bundled data/)");
    analyze->add_option("--db", db_dir, "Mutation database release directory (default: the newest bundled release)");
    analyze->add_option(
        "--history", cfg.history, "Treatment history, drugs taken in order, e.g. LAM,ADV (for salvage options)");
    analyze->add_option("--hbeag", hbeag, "HBeAg status: positive or negative (for salvage options and cautions)")
        ->check(CLI::IsMember({"positive", "negative"}));
    analyze->add_option("--rules",
                        cfg.rule_set,
                        "Rule set whose levels are reported, e.g. EASL2012 (default: the database's primary set; "
                        "'hbvdr db info' lists them); the others are shown where they differ");
    analyze->add_option("--align", align_mode, "Alignment: anchored (fast, default) or full (whole-window DP)")
        ->check(CLI::IsMember({"anchored", "full"}));
    analyze->add_flag("--json-calls", cfg.json.full_calls, "Also write every position's call into results.json");
    std::string bam_reference;
    hbvdr::ngs_thresholds & th = cfg.ngs.thresholds;
    analyze->add_option("--min-freq", th.min_freq, "NGS: report an amino acid from this frequency on (default 0.02)")
        ->check(CLI::Range(0.0001, 1.0))
        ->group("NGS reads (SAM/BAM/CRAM, FASTQ)");
    analyze
        ->add_option(
            "--min-depth", th.min_depth, "NGS: fewer molecules with a whole codon = insufficient data (default 100)")
        ->check(CLI::Range(1u, 100000000u))
        ->group("NGS reads (SAM/BAM/CRAM, FASTQ)");
    analyze
        ->add_option(
            "--min-baseq", th.min_baseq, "NGS: minimum base quality of every base of a counted codon (default 20)")
        ->check(CLI::Range(0, 93))
        ->group("NGS reads (SAM/BAM/CRAM, FASTQ)");
    analyze
        ->add_option("--consensus-threshold",
                     th.consensus_threshold,
                     "NGS: a base enters the IUPAC consensus from this frequency on (default 0.2)")
        ->check(CLI::Range(0.01, 1.0))
        ->group("NGS reads (SAM/BAM/CRAM, FASTQ)");
    analyze
        ->add_option(
            "--bam-reference",
            bam_reference,
            "NGS: FASTA the BAM/CRAM reads were aligned to (needed when its contigs are not hbvdr's own references)")
        ->group("NGS reads (SAM/BAM/CRAM, FASTQ)");
    analyze->add_flag("-q,--quiet", quiet, "No per-sample summary on stdout, no progress on stderr");
    analyze->add_flag("--no-summary", no_summary, "No per-sample summary on stdout");

    hbvdr::monitor_config mcfg;
    std::string monitor_out;
    std::string monitor_align = "anchored";
    bool monitor_quiet = false;
    CLI::App * monitor = app.add_subcommand("monitor",
                                            "Classify a patient's HBV DNA/ALT timeline (non-response, breakthrough, "
                                            "peginterferon stopping rules, first-line checks) "
                                            "beside a genotypic result");
    monitor
        ->add_option("timeline",
                     mcfg.timeline,
                     "Timeline TSV: dated HBV DNA, ALT, HBeAg, HBsAg and regimen events (docs/monitor.md); "
                     "a batch: a directory of timelines (*.tsv), or one TSV with a patient column (needs -o)")
        ->required();
    CLI::Option * sequence_opt = monitor->add_option(
        "--sequence", mcfg.sequence, "FASTA with the patient's sequence: analyse it in the same run");
    CLI::Option * results_opt =
        monitor->add_option("--results",
                            mcfg.results_dir,
                            "Output directory of hbvdr analyze holding the patient's sample (with --sample)");
    sequence_opt->excludes(results_opt);
    monitor->add_option("--sample",
                        mcfg.sample,
                        "Sample name in results.json (with --results) or record name in the FASTA (with --sequence)");
    monitor->add_option(
        "-o,--out",
        monitor_out,
        "Write monitor.txt, monitor.json and monitor.html (or the --format chosen) into this directory; a batch: "
        "reports/PATIENT.txt|.json|.html, monitor-summary.tsv and monitor.json");
    monitor
        ->add_option(
            "--format", mcfg.formats, "Report format: text, json or html (default: text on stdout; all three with -o)")
        ->delimiter(',')
        ->check(CLI::IsMember({"text", "json", "html"}));
    monitor->add_option(
        "--data-dir", data_dir, "Reference data directory with monitoring/ (default: the bundled data/)");
    monitor->add_option("--db", db_dir, "Mutation database release directory (default: the newest bundled release)");
    monitor->add_option("--align", monitor_align, "Alignment of --sequence: anchored (default) or full")
        ->check(CLI::IsMember({"anchored", "full"}));
    monitor->add_flag("-q,--quiet", monitor_quiet, "No closing line on stderr");

    CLI::App * aggregate =
        app.add_subcommand("aggregate", "Merge the output directories of several runs (e.g. workflow chunks) into one");
    std::vector<std::string> aggregate_runs_in;
    std::string aggregate_out;
    aggregate->add_option("runs", aggregate_runs_in, "Run output directories, in order")->required();
    aggregate->add_option("-o,--out", aggregate_out, "Output directory")->required();

    CLI::App * db = app.add_subcommand("db", "Inspect or check a mutation database release");
    db->require_subcommand(1);
    db->add_option("--db", db_dir, "Database release directory (default: the newest bundled release)");
    db->add_option("--data-dir", data_dir, "Reference data directory (default: the bundled data/)");
    CLI::App * db_info_cmd = db->add_subcommand("info", "Version, date, sources and counts");
    CLI::App * db_list_cmd =
        db->add_subcommand("list", "Drugs, rules, catalogue, salvage options and cautions in readable form");
    CLI::App * db_validate_cmd = db->add_subcommand(
        "validate", "Check schema, checksums, references and residues (file:line for every problem)");
    std::string validate_dir;
    db_validate_cmd->add_option(
        "dir", validate_dir, "Release directory to check (default: --db or the bundled release)");
    // --db and --data-dir may also follow the command: `hbvdr db info --db DIR`.
    for (CLI::App * c : {db_info_cmd, db_list_cmd, db_validate_cmd})
        c->fallthrough();

    // Set last: a subcommand copies its parent's footer when it is created.
    app.footer(hbvdr::cli::main_footer);
    analyze->footer(hbvdr::cli::analyze_footer);
    monitor->footer(hbvdr::cli::monitor_footer);
    aggregate->footer(hbvdr::cli::aggregate_footer);
    for (CLI::App * c : {db, db_info_cmd, db_list_cmd, db_validate_cmd})
        c->footer(hbvdr::cli::db_footer);

    try
    {
        app.parse(argc, argv);
    }
    catch (CLI::ParseError const & e)
    {
        int const code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    try
    {
        auto const data = [&]
        {
            return hbvdr::resolve_data_dir(data_dir.empty() ? std::nullopt
                                                            : std::optional<std::filesystem::path>{data_dir});
        };
        auto const dbdir = [&](std::string const & d)
        {
            return hbvdr::resolve_db_dir(d.empty() ? std::nullopt : std::optional<std::filesystem::path>{d});
        };
        if (db->parsed())
        {
            if (db_info_cmd->parsed())
                hbvdr::db_info(dbdir(db_dir), data(), std::cout);
            else if (db_list_cmd->parsed())
                hbvdr::db_list(dbdir(db_dir), data(), std::cout);
            else if (db_validate_cmd->parsed())
                return hbvdr::db_validate(dbdir(validate_dir.empty() ? db_dir : validate_dir), data(), std::cout) == 0
                           ? 0
                           : 1;
            return 0;
        }
        if (monitor->parsed())
        {
            if (!monitor_out.empty())
                mcfg.out_dir = monitor_out;
            mcfg.mode = monitor_align == "full" ? hbvdr::align_mode::full : hbvdr::align_mode::anchored;
            mcfg.quiet = monitor_quiet;
            mcfg.data_dir = data();
            mcfg.db_dir = dbdir(db_dir);
            if (hbvdr::is_monitor_batch_input(mcfg.timeline))
                return hbvdr::run_monitor_batch(mcfg, std::cerr).error > 0 ? 3 : 0;
            hbvdr::run_monitor(mcfg, std::cout, std::cerr);
            std::cout.flush();
            return 0;
        }
        if (aggregate->parsed())
        {
            std::vector<std::filesystem::path> runs{aggregate_runs_in.begin(), aggregate_runs_in.end()};
            hbvdr::aggregate_runs(runs, aggregate_out, std::cerr);
            return 0;
        }
        if (analyze->parsed())
        {
            cfg.sample_sheet = sample_sheet;
            if (!records.empty())
            {
                std::size_t const dash = records.find('-');
                long long a = 0, b = 0;
                if (dash == std::string::npos || !hbvdr::parse_int(records.substr(0, dash), a)
                    || !hbvdr::parse_int(records.substr(dash + 1), b) || a < 1 || b < a)
                    throw hbvdr::usage_error{"--records must be FIRST-LAST (1-based, FIRST <= LAST), e.g. 1001-2000"};
                cfg.records = std::pair{static_cast<std::size_t>(a), static_cast<std::size_t>(b)};
            }
            auto const has = [&](std::string const & r)
            {
                return std::find(reports.begin(), reports.end(), r) != reports.end();
            };
            if (has("none") && reports.size() > 1)
                throw hbvdr::usage_error{"--reports none cannot be combined with text or html"};
            cfg.reports_text = has("text");
            cfg.reports_html = has("html");
            cfg.multiqc = !no_multiqc;
            cfg.report = report_stdout == "text"
                             ? hbvdr::stdout_report::text
                             : (report_stdout == "html" ? hbvdr::stdout_report::html : hbvdr::stdout_report::none);
            cfg.out_dir = out_dir;
            cfg.threads = threads;
            cfg.mode = align_mode == "full" ? hbvdr::align_mode::full : hbvdr::align_mode::anchored;
            cfg.quiet = quiet;
            cfg.ngs.bam_reference = bam_reference;
            cfg.print_summary = !quiet && !no_summary;
            cfg.data_dir = data();
            cfg.db_dir = dbdir(db_dir);
            if (!hbeag.empty())
                cfg.hbeag_positive = hbeag == "positive";
            hbvdr::run_totals const t = hbvdr::run_analyze(cfg, std::cout, std::cerr);
            std::cout.flush();
            return t.error > 0 ? 3 : 0;
        }
    }
    catch (hbvdr::usage_error const & e)
    {
        std::cerr << "hbvdr: usage error: " << e.what() << "\n";
        return 2;
    }
    catch (hbvdr::error const & e)
    {
        std::cerr << "hbvdr: error: " << e.what() << "\n";
        return 1;
    }
    catch (std::filesystem::filesystem_error const & e)
    {
        // A path the file system refuses (too long, a loop of links, no permission to look): a
        // problem with what was given, not with hbvdr.
        std::cerr << "hbvdr: error: " << e.path1().string() << ": " << e.code().message() << "\n";
        return 1;
    }
    catch (std::exception const & e)
    {
        std::cerr << "hbvdr: internal error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
