#include <hbvdr/core/text.hpp>
#include <hbvdr/report/multiqc.hpp>
#include <hbvdr/report/tables.hpp>

namespace hbvdr
{

namespace
{

// MultiQC splits on tabs and reads '#' lines as YAML: keep cells free of both.
std::string mqc_cell(std::string_view const v)
{
    std::string out = tsv_cell(v);
    if (!out.empty() && out.front() == '#')
        out.front() = ' ';
    return out;
}

std::string yaml_quote(std::string_view const v)
{
    std::string out = "'";
    for (char const c : v)
        out += c == '\'' ? std::string{"''"} : std::string(1, c);
    return out + "'";
}

std::string level_of(sample_report const & s, std::string const & drug)
{
    drug_call const * d = s.interpreted ? s.interp.find(drug) : nullptr;
    return d == nullptr ? std::string{"NA"} : std::string{to_string(d->level)};
}

} // namespace

std::string multiqc_general_stats_header(std::vector<std::string> const & drugs, std::string const & db_label)
{
    std::string h = "# id: 'hbvdr'\n"
                    "# section_name: 'hbvdr'\n"
                    "# description: "
                    + yaml_quote("HBV genotypic drug resistance (" + db_label
                                 + "): genotype, sequence QC and drug levels (S susceptible, I reduced, R resistant, "
                                   "insufficient_data). Decision support only.")
                    + "\n"
                      "# plot_type: 'generalstats'\n"
                      "# pconfig:\n"
                      "#     - hbvdr_status:\n"
                      "#         title: 'HBV status'\n"
                      "#         description: 'ok / warning / error (error: not analysed)'\n"
                      "#     - genotype:\n"
                      "#         title: 'Genotype'\n"
                      "#         description: 'Nearest reference genotype over the RT region'\n"
                      "#     - genotype_distance_pct:\n"
                      "#         title: 'Genotype dist.'\n"
                      "#         description: 'p-distance to the nearest reference genome (%)'\n"
                      "#         suffix: '%'\n"
                      "#         format: '{:,.2f}'\n"
                      "#         min: 0\n"
                      "#     - qc_status:\n"
                      "#         title: 'Seq. QC'\n"
                      "#         description: 'hbvdr sequence QC: pass / warning / fail'\n"
                      "#     - rt_mutations:\n"
                      "#         title: 'RT mutations'\n"
                      "#         description: 'Amino-acid changes from the genotype reference in rt1-rt344'\n"
                      "#         format: '{:,.0f}'\n"
                      "#         min: 0\n";
    for (std::string const & d : drugs)
        h += "#     - " + d + ":\n#         title: '" + d + "'\n#         description: '" + d + " level (" + db_label
             + ")'\n";
    h += "Sample\thbvdr_status\tgenotype\tgenotype_distance_pct\tqc_status\trt_mutations";
    for (std::string const & d : drugs)
        h += "\t" + d;
    return h + "\n";
}

void append_multiqc_general_stats(std::string & out, sample_report const & s, std::vector<std::string> const & drugs)
{
    out += mqc_cell(s.name) + "\t" + std::string{to_string(s.status)};
    if (!s.analysed)
    {
        out += "\tNA\tNA\tNA\tNA";
        for (std::size_t i = 0; i < drugs.size(); ++i)
            out += "\tNA";
        out += "\n";
        return;
    }
    int rt = 0;
    for (mutation_row const & m : s.mutations)
        rt += m.mutation.g == gene::rt;
    out += "\t" + s.genotype.genotype + "\t" + format_fixed(100 * s.genotype.distance, 2) + "\t"
           + std::string{to_string(s.qc.status)} + "\t" + std::to_string(rt);
    for (std::string const & d : drugs)
        out += "\t" + level_of(s, d);
    out += "\n";
}

std::string multiqc_drug_table_header(std::vector<std::string> const & drugs, std::string const & db_label)
{
    std::string h = "# id: 'hbvdr_drug_levels'\n"
                    "# section_name: 'hbvdr: drug levels'\n"
                    "# description: "
                    + yaml_quote("Per-drug levels with the mutations responsible (" + db_label
                                 + "); see each sample's hbvdr report for salvage options. Decision support only.")
                    + "\n"
                      "# plot_type: 'table'\n"
                      "# pconfig:\n"
                      "#     id: 'hbvdr_drug_levels_table'\n"
                      "#     namespace: 'hbvdr'\n"
                      "Sample";
    for (std::string const & d : drugs)
        h += "\t" + d + "\t" + d + " mutations";
    return h + "\n";
}

void append_multiqc_drug_table(std::string & out, sample_report const & s, std::vector<std::string> const & drugs)
{
    if (!s.analysed || !s.interpreted)
        return;
    out += mqc_cell(s.name);
    for (std::string const & d : drugs)
    {
        drug_call const * dc = s.interp.find(d);
        out += "\t" + level_of(s, d) + "\t"
               + (dc == nullptr || dc->mutations.empty() ? std::string{"-"} : mqc_cell(mutation_list(dc->mutations)));
    }
    out += "\n";
}

} // namespace hbvdr
