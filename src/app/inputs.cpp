//!\file
//!\brief Where the samples of `hbvdr analyze` come from (see inputs.hpp).

#include "inputs.hpp"

#include <algorithm>
#include <cctype>
#include <ostream>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/interpret/interpret.hpp>
#include <hbvdr/io/sequence_reader.hpp>

namespace hbvdr::detail
{

namespace
{

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

bool is_reads(input_kind const k)
{
    return k == input_kind::fastq || k == input_kind::sam || k == input_kind::bam || k == input_kind::cram;
}

source::type type_of(source const & s)
{
    return !s.error.empty() ? source::type::failed : (is_reads(s.kind) ? source::type::reads : source::type::fasta);
}

// Command-line inputs: kinds detected from content; adjacent FASTQ R1/R2 form a pair.
void add_input_sources(std::vector<std::string> const & inputs, std::vector<source> & sources)
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
        s.t = type_of(s);
        sources.push_back(std::move(s));
    }
}

// A sample-sheet row's treatment context: its own history and HBeAg, else the run's.
treatment_context row_context(sheet_row const & row, analyze_config const & cfg, mutation_db const & db, source & s)
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
    return c;
}

// The files of a sample-sheet row must exist, and two must be a FASTQ pair.
void check_row_files(sheet_row const & row, source & s)
{
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
}

source sheet_source(sheet_row const & row, analyze_config const & cfg, mutation_db const & db)
{
    source s;
    s.sheet_name = row.sample;
    s.paths = row.files;
    s.where = cfg.sample_sheet.string() + ":" + std::to_string(row.line);
    s.error = row.problem;
    if (s.error.empty())
        s.context = row_context(row, cfg, db, s);
    check_row_files(row, s);
    s.t = type_of(s);
    return s;
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

// Jobs from the sources, in run order (make_jobs()).
class job_maker
{
public:
    job_maker(sample_namer & namer, read_progress & progress, std::ostream & log, job_handler const & handle) :
        m_namer{namer}, m_progress{progress}, m_log{log}, m_handle{handle}
    {}

    void add(source const & s)
    {
        std::string const display = s.paths.empty() ? s.where : display_path(s.paths.front());
        if (s.t == source::type::failed)
            failed(display, 0, s.error, s.sheet_name);
        else if (s.t == source::type::reads)
            reads(s, display);
        else
            fasta(s, display);
    }

private:
    sample_namer & m_namer;
    read_progress & m_progress;
    std::ostream & m_log;
    job_handler const & m_handle;

    void
    submit(job && j, std::string const & name_for_stem, std::vector<std::string> const & warnings, std::string content)
    {
        if (m_namer.place(j, name_for_stem))
            m_handle(std::move(j), warnings, std::move(content));
    }

    void failed(std::string const & display,
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
        j.failed.name = m_namer.unique(j.failed.name, display, warnings);
        j.failed.input_warnings = warnings;
        std::string const stem_name = j.failed.name;
        submit(std::move(j), stem_name, warnings, {});
    }

    void reads(source const & s, std::string const & display)
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
        std::string const name = s.sheet_name ? *s.sheet_name : ngs_sample_name(s.paths.front(), s.paths.size() > 1);
        j.reads.name = m_namer.unique(name, s.sheet_name ? s.where : display, j.reads.input_warnings);
        std::string const stem_name = j.reads.name;
        std::vector<std::string> const warnings = j.reads.input_warnings;
        submit(std::move(j), stem_name, warnings, reads_content_key(s.paths));
    }

    // A FASTA record as a sample of its own (named after the record).
    void record(job && j, std::string const & display)
    {
        std::string const name =
            j.seq.original_name.empty() ? "unnamed_record" + std::to_string(j.seq.record) : j.seq.original_name;
        j.seq.name = m_namer.unique(name, display + " record " + std::to_string(j.seq.record), j.seq.input_warnings);
        std::string const stem_name = j.seq.name;
        std::vector<std::string> const warnings = j.seq.input_warnings;
        std::string key = sequence_content_key(j.seq, false);
        submit(std::move(j), stem_name, warnings, std::move(key));
    }

    // The one record of a sample-sheet row's FASTA file (named by the row).
    void sheet_record(source const & s, std::string const & display, std::vector<job> & records)
    {
        if (records.size() != 1)
        {
            failed(display,
                   0,
                   s.where + ": " + display + " holds " + std::to_string(records.size())
                       + " sequences; a sample-sheet row names one sample (one sequence)",
                   s.sheet_name);
            return;
        }
        job j = std::move(records.front());
        j.seq.name = m_namer.unique(*s.sheet_name, s.where, j.seq.input_warnings);
        std::string const stem_name = j.seq.name;
        std::vector<std::string> const warnings = j.seq.input_warnings;
        std::string key = sequence_content_key(j.seq, true);
        submit(std::move(j), stem_name, warnings, std::move(key));
    }

    // FASTA: every record is a sample, or the one record a sample-sheet row names.
    void fasta(source const & s, std::string const & display)
    {
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
                record(std::move(j), display);
                m_progress.current = reader.bytes_read();
            }
            // Every named input gives at least one row, whatever its size.
            if (records == 0 && !s.sheet_name)
                failed(display,
                       0,
                       (path == "-" ? std::string{"standard input"} : display)
                           + ": no sequence record (it is empty or holds only blank or ';' comment lines)",
                       s.sheet_name);
            if (s.sheet_name)
                sheet_record(s, display, sheet_jobs);
        }
        catch (input_error const & e)
        {
            m_log << "hbvdr: error: " << e.what() << "\n";
            failed(display, records == 0 ? 0 : records + 1, e.what(), s.sheet_name);
        }
        m_progress.before += m_progress.current;
        m_progress.current = 0;
    }
};

} // namespace

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

std::vector<source> collect_sources(std::vector<std::string> const & inputs,
                                    std::optional<sample_sheet> const & sheet,
                                    analyze_config const & cfg,
                                    mutation_db const & db)
{
    std::vector<source> sources;
    add_input_sources(inputs, sources);
    if (sheet)
        for (sheet_row const & row : sheet->rows)
            sources.push_back(sheet_source(row, cfg, db));
    return sources;
}

sample_namer::sample_namer(bool const stems, std::optional<std::pair<std::size_t, std::size_t>> records) :
    m_assign_stems{stems}, m_records{std::move(records)}
{}

std::string sample_namer::unique(std::string name, std::string const & where, std::vector<std::string> & warnings)
{
    if (std::size_t & count = m_seen[name]; ++count > 1)
    {
        std::string renamed;
        do
            renamed = name + "~" + std::to_string(count++);
        while (m_seen.count(renamed) > 0);
        m_seen[renamed] = 1;
        warnings.push_back("duplicate sample name '" + name + "' (" + where + ") renamed to '" + renamed + "'");
        name = renamed;
    }
    return name;
}

bool sample_namer::place(job & j, std::string const & name_for_stem)
{
    j.index = ++m_index;
    // File stems are only needed (and only remembered) when a sample gets files of its own.
    if (m_assign_stems)
        j.stem = m_stems.assign(name_for_stem);
    return !m_records || (j.index >= m_records->first && j.index <= m_records->second);
}

void make_jobs(std::vector<source> const & sources,
               sample_namer & namer,
               read_progress & progress,
               std::ostream & log,
               job_handler const & handle)
{
    job_maker maker{namer, progress, log, handle};
    for (source const & s : sources)
        maker.add(s);
}

} // namespace hbvdr::detail
