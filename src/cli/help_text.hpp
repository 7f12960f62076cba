#pragma once

// What each command's --help ends with: examples and exit codes (CLI11 footers). The man page is
// generated from this help (cmake/man-page.sh), so this is also the man page's text.

namespace hbvdr::cli
{

inline constexpr char const * main_footer = R"(Examples:
  $ hbvdr analyze samples.fasta -o results/ --threads 4
  $ hbvdr analyze run1.bam S2_R1.fastq.gz S2_R2.fastq.gz -o results/
  $ hbvdr monitor patient.tsv --sequence patient.fasta -o report/

Exit codes:
  0  success (analyze: every sample was analysed, status ok or warning)
  1  fatal: an input is missing or unreadable, the reference data or the mutation database is
     unusable, or an output cannot be written
  2  usage error (bad option or value)
  3  analyze: the run finished but at least one sample is an error row (see summary.tsv);
     monitor: a batch finished but at least one patient is an error row (monitor-summary.tsv)

'hbvdr COMMAND --help' describes a command; 'man hbvdr' describes them all, with the files and
environment variables hbvdr reads.)";

inline constexpr char const * analyze_footer = R"(Examples:
  $ hbvdr analyze samples.fasta more.fasta.gz -o results/ --threads 4
    Sanger sequences: tables, results.json, clinician reports and index.html in results/
  $ hbvdr analyze patient.fasta --report text --history LAM,ADV --hbeag positive
    one clinician report on standard output, salvage options for that treatment history
  $ hbvdr analyze --sample-sheet sheet.tsv -o results/ --resume
    NGS and Sanger samples from a sheet (sample, files[, history, hbeag]); rerun to resume

Exit codes:
  0  every sample was analysed (status ok or warning)
  1  fatal: an input file is missing, the reference data or the mutation database is unusable,
     or an output cannot be written
  2  usage error (bad option or value)
  3  the run finished but at least one sample has status error (see summary.tsv))";

inline constexpr char const * monitor_footer = R"(Examples:
  $ hbvdr monitor patient.tsv
    classify the timeline (format: docs/monitor.md); text report on standard output
  $ hbvdr monitor patient.tsv --sequence patient_rt.fasta -o report/
    with the drug levels of the patient's sequence; monitor.txt, .json and .html in report/
    (or --results results/ --sample P001: sample P001 of an earlier 'hbvdr analyze -o results/')
  $ hbvdr monitor timelines/ -o cohort/
    a batch: every timelines/*.tsv is one patient (or give one TSV with a patient column);
    reports/PATIENT.txt|.json|.html, the cohort table monitor-summary.tsv and monitor.json

Exit codes:
  0  report written (a batch: every patient classified)
  1  the timeline, sequence, results, reference data or database cannot be used, or an output
     cannot be written (nothing is written); a batch: the directory cannot be read or holds no
     timeline, or the patient-column file is malformed as a whole (header, directives, no rows)
  2  usage error (bad option or value; a batch without -o, or with --sequence/--results/--sample)
  3  a batch finished but at least one patient's timeline is an error row (see monitor-summary.tsv))";

inline constexpr char const * aggregate_footer = R"(Examples:
  $ hbvdr analyze samples.fasta -o chunk1/ --records 1-1000
  $ hbvdr analyze samples.fasta -o chunk2/ --records 1001-2000
  $ hbvdr aggregate -o results/ chunk1/ chunk2/
    the same files, byte for byte, as one run over samples 1-2000

Exit codes:
  0  merged
  1  a run directory is missing or incomplete, the runs differ in hbvdr, data, database or
     parameters, or an output cannot be written
  2  usage error (bad option or value))";

inline constexpr char const * db_footer = R"(Examples:
  $ hbvdr db info
    version, date, checksums and counts of the release a run would use
  $ hbvdr db list --db /path/to/mutation-db/hbvdr-db-2026.1
    drugs, rules, catalogue, salvage options and cautions of a given release
  $ hbvdr db validate my-db-2027.1/
    check a new release; every problem as file:line

Exit codes:
  0  done; validate: the release has no error
  1  the database or the reference data is unusable; validate: the release has errors
  2  usage error (bad option or value))";

} // namespace hbvdr::cli
