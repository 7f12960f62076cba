//!\file
//!\brief The output set of one `hbvdr analyze` run (see run_outputs.hpp).

#include "run_outputs.hpp"

#include <algorithm>

#include <hbvdr/report/multiqc.hpp>
#include <hbvdr/report/tables.hpp>
#include <hbvdr/report/text_report.hpp>

namespace hbvdr::detail
{

run_outputs::run_outputs(analyze_config const & cfg,
                         run_metadata const & meta,
                         std::vector<std::string> const & drug_codes,
                         std::string const & db_label,
                         bool const has_ngs) :
    m_dir{cfg.out_dir, cfg.resume},
    m_text{cfg.reports_text}, m_html{cfg.reports_html}, m_multiqc{cfg.multiqc}
{
    if (m_text || m_html)
        m_dir.create_subdirectory("reports");
    m_summary = &m_dir.open("summary.tsv");
    m_calls = &m_dir.open("calls.tsv");
    m_mutations = &m_dir.open("mutations.tsv");
    m_drugs = &m_dir.open("drugs.tsv");
    m_json = &m_dir.open("results.json");
    m_summary->write(summary_header(drug_codes));
    m_calls->write(calls_header());
    m_mutations->write(mutations_header());
    m_drugs->write(drugs_header());
    m_json->write(json_run_prefix(meta));
    if (has_ngs)
    {
        m_linkage = &m_dir.open("linkage.tsv");
        m_consensus = &m_dir.open("consensus.fasta");
        m_linkage->write(linkage_header());
    }
    if (m_multiqc)
    {
        m_mqc_stats = &m_dir.open("hbvdr_general_stats_mqc.tsv");
        m_mqc_table = &m_dir.open("hbvdr_drug_levels_mqc.tsv");
        m_mqc_stats->write(multiqc_general_stats_header(drug_codes, db_label));
        m_mqc_table->write(multiqc_drug_table_header(drug_codes, db_label));
    }
}

std::vector<std::string> run_outputs::sample_files(std::string const & stem) const
{
    std::vector<std::string> out;
    if (m_text)
        out.push_back("reports/" + stem + ".txt");
    if (m_html)
        out.push_back("reports/" + stem + ".html");
    return out;
}

bool run_outputs::has_sample_files(std::string const & stem) const
{
    std::vector<std::string> const own = sample_files(stem);
    return std::all_of(own.begin(),
                       own.end(),
                       [&](std::string const & rel)
                       {
                           return m_dir.has_sample_file(rel);
                       });
}

std::filesystem::path run_outputs::part_file(std::string const & stem) const
{
    return m_dir.path() / ".hbvdr-resume" / (stem + ".part");
}

std::optional<index_row>
run_outputs::write_reports(sample_report const & rep, std::string const & stem, report_options const & ropts) const
{
    if (m_text)
        m_dir.write_sample_file("reports/" + stem + ".txt", text_report(rep, ropts));
    if (!m_html)
        return std::nullopt;
    m_dir.write_sample_file("reports/" + stem + ".html", html_report(rep, ropts));
    return make_index_row(rep, "reports/" + stem + ".html");
}

void run_outputs::write_part(std::string const & stem, std::string const & text) const
{
    write_file_atomically(part_file(stem), text);
}

void run_outputs::add(fragments const & f)
{
    m_summary->write(f.summary);
    m_calls->write(f.calls);
    m_mutations->write(f.mutations);
    m_drugs->write(f.drugs);
    if (m_linkage)
        m_linkage->write(f.linkage);
    if (m_consensus)
        m_consensus->write(f.consensus);
    if (m_mqc_stats)
    {
        m_mqc_stats->write(f.mqc_stats);
        m_mqc_table->write(f.mqc_table);
    }
    m_json->write(m_first_json ? "" : ",\n");
    m_json->write(f.json);
    m_first_json = false;
    for (std::string const & file : f.files)
        m_dir.add(file);
}

void run_outputs::add(index_row row)
{
    m_index.push_back(std::move(row));
}

void run_outputs::add(cohort_sample const & c)
{
    m_cohort.add(c);
}

std::vector<std::string> run_outputs::finish(report_options const & ropts)
{
    m_json->write(std::string{m_first_json ? "" : "\n"} + json_run_suffix());
    m_dir.write(std::string{cohort_tsv_name}, cohort_tsv(m_cohort));
    if (m_multiqc)
    {
        m_dir.write(std::string{cohort_levels_mqc_name}, multiqc_cohort_levels(m_cohort, ropts.db_label));
        m_dir.write(std::string{cohort_mutations_mqc_name}, multiqc_cohort_mutations(m_cohort, ropts.db_label));
    }
    if (m_html)
        m_dir.write("index.html", html_index(m_index, ropts, &m_cohort));
    return m_dir.commit();
}

} // namespace hbvdr::detail
