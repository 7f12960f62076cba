#include <hbvdr/report/console.hpp>
#include <hbvdr/report/tables.hpp>

namespace hbvdr
{

namespace
{
std::string pad(std::string s, std::size_t const width)
{
    if (s.size() < width)
        s.append(width - s.size(), ' ');
    return s + ' ';
}
} // namespace

std::string console_header()
{
    return pad("sample", 22) + pad("status", 8) + pad("genotype", 16) + pad("RT covered", 12)
           + "drug levels / RT mutations\n";
}

std::string console_line(sample_report const & s)
{
    std::string line = pad(s.name, 22) + pad(std::string{to_string(s.status)}, 8);
    if (!s.analysed)
        return line + s.error + "\n";
    line += pad(genotype_display(s), 16);
    line += pad(rt_range_text(s.qc.metrics.rt_first, s.qc.metrics.rt_last), 12);
    if (s.interpreted)
    {
        std::string levels;
        for (drug_call const & d : s.interp.drugs)
        {
            std::string_view const l = to_string(d.level);
            levels += (levels.empty() ? "" : " ") + d.drug + ":" + std::string{l == "insufficient_data" ? "?" : l};
        }
        line += levels + "  ";
    }
    std::string muts;
    for (mutation_row const & r : s.mutations)
        if (r.mutation.g == gene::rt)
            muts += (muts.empty() ? "" : " ") + mutation_display(r);
    return line + (muts.empty() ? "none" : muts) + "\n";
}

} // namespace hbvdr
