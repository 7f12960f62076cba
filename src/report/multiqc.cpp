#include <hbvdr/core/text.hpp>
#include <hbvdr/report/disclaimer.hpp>
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
                                   "insufficient_data). "
                                 + std::string{decision_support_short})
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
    std::string h =
        "# id: 'hbvdr_drug_levels'\n"
        "# section_name: 'hbvdr: drug levels'\n"
        "# description: "
        + yaml_quote("Per-drug levels with the mutations responsible (" + db_label
                     + "); see each sample's hbvdr report for salvage options. " + std::string{decision_support_short})
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

std::string multiqc_cohort_levels(cohort_counts const & c, std::string const & db_label)
{
    std::string o = "# id: 'hbvdr_cohort_levels'\n"
                    "# section_name: 'hbvdr: cohort drug levels'\n"
                    "# description: "
                    + yaml_quote("Samples at each drug level across the run (" + std::to_string(c.analysed)
                                 + " analysed samples; error samples not counted; " + db_label + "). "
                                 + std::string{decision_support_short})
                    + "\n"
                      "# plot_type: 'bargraph'\n"
                      "# pconfig:\n"
                      "#     id: 'hbvdr_cohort_levels_plot'\n"
                      "#     title: 'hbvdr: drug levels across the run'\n"
                      "#     ylab: 'Samples'\n"
                      "#     cpswitch_counts_label: 'Samples'\n"
                      "# categories:\n"
                      "#     R:\n#         name: 'R (resistant)'\n#         color: '#b3261e'\n"
                      "#     I:\n#         name: 'I (reduced susceptibility)'\n#         color: '#e8a33d'\n"
                      "#     S:\n#         name: 'S (susceptible)'\n#         color: '#1f6f3f'\n"
                      "#     insufficient_data:\n#         name: 'insufficient data'\n#         color: '#9e9e9e'\n"
                      "Drug\tR\tI\tS\tinsufficient_data\n";
    // Columns in the order of the categories above (R first: the bar segment read first).
    for (auto const & [drug, n] : c.levels)
        o += tsv_cell(drug) + "\t" + std::to_string(n[2]) + "\t" + std::to_string(n[1]) + "\t" + std::to_string(n[0])
             + "\t" + std::to_string(n[3]) + "\n";
    return o;
}

std::string multiqc_cohort_mutations(cohort_counts const & c, std::string const & db_label)
{
    std::string o = "# id: 'hbvdr_cohort_mutations'\n"
                    "# section_name: 'hbvdr: cohort resistance mutations'\n"
                    "# description: "
                    + yaml_quote("Samples carrying each catalogued resistance mutation (acquired, not native to the "
                                 "genotype) across the run: majority, minority (NGS, below 20 %) and total, of "
                                 + std::to_string(c.analysed) + " analysed samples (" + db_label + ").")
                    + "\n"
                      "# plot_type: 'table'\n"
                      "# pconfig:\n"
                      "#     id: 'hbvdr_cohort_mutations_table'\n"
                      "#     namespace: 'hbvdr cohort'\n"
                      "Mutation\trole\tdrugs\tmajority\tminority\ttotal\tpercent\n";
    for (auto const & [key, m] : c.mutations)
        o += tsv_cell(m.mutation) + "\t" + tsv_cell(m.role) + "\t" + tsv_cell(m.drugs.empty() ? "-" : m.drugs) + "\t"
             + std::to_string(m.majority) + "\t" + std::to_string(m.minority) + "\t" + std::to_string(m.total()) + "\t"
             + cohort_percent(m.total(), c.analysed) + "\n";
    return o;
}

} // namespace hbvdr
