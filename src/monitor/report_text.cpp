#include <hbvdr/core/text.hpp>
#include <hbvdr/monitor/report.hpp>
#include <hbvdr/report/disclaimer.hpp>

#include "report_common.hpp"

namespace hbvdr
{

namespace
{

std::string pad(std::string s, std::size_t const width)
{
    if (s.size() < width)
        s.append(width - s.size(), ' ');
    return s;
}

std::string tag(std::string const & evidence, std::vector<std::string> const & sources)
{
    return "(" + evidence + ": " + join(sources, ", ") + ")";
}

} // namespace

std::string monitor_text(monitor_report const & r, monitoring_definitions const & defs)
{
    using namespace monitor_detail;
    monitor_result const & res = r.result;
    std::string o;
    o += "hbvdr monitor: patient " + r.patient.patient + " (timeline " + r.patient.source + ")\n";
    o +=
        "Definitions: definitions.tsv sha256 " + defs.definitions_sha256() + "; mutation database " + r.db_label + "\n";
    o += "Evidence: " + std::string{monitoring_evidence_legend} + "\n";
    o += "Treatment history: " + (r.context.history.empty() ? std::string{"none"} : join(r.context.history, ", "))
         + "; latest HBeAg " + hbeag_text(r.context.hbeag_positive);
    if (res.genotype)
        o += "; HBV genotype " + std::string(1, *res.genotype) + " (from the " + res.genotype_source + ")";
    o += "\n\n";

    o += "Gate reached: " + std::string{describe(r.gate.reached)};
    if (r.gate.regimen)
        o += " (current nucleos(t)ide " + regimen_name(res.regimens[*r.gate.regimen]) + ")";
    o += "\n";
    for (gate_step const & s : r.gate.steps)
        o += "  " + pad(std::string{describe(s.gate)}, 22)
             + (s.reached ? "reached" + (s.date ? " " + s.date->iso() : std::string{}) : std::string{"not reached"})
             + ": " + s.basis + "\n";
    o += "\nNext steps\n";
    for (std::size_t i = 0; i < r.gate.next_steps.size(); ++i)
        o += "  " + std::to_string(i + 1) + ". " + r.gate.next_steps[i].display() + "\n";
    if (r.gate.next_steps.empty())
        o += "  (none)\n";

    o += "\nClassification\n";
    if (res.regimens.empty())
        o += "  no treatment period in the timeline\n";
    for (regimen_period const & p : res.regimens)
    {
        o += "  " + regimen_name(p) + ": " + regimen_summary(p) + "\n";
        for (monitor_finding const & f : res.findings)
            if (f.regimen == p.index)
            {
                o += "    " + pad(status_text(f.status), 15) + std::string{describe(f.kind)} + " [" + f.rule + "]";
                if (f.date)
                    o +=
                        " " + f.date->iso() + (f.week >= 0 ? " (week " + format_fixed(f.week, 1) + ")" : std::string{});
                o += ": " + f.detail + " " + tag(f.evidence, f.sources) + "\n";
            }
    }

    o += "\nFirst-line checks\n";
    for (first_line_warning const & w : res.warnings)
        o += "  [" + w.rule + "] " + w.date.iso() + " (line " + std::to_string(w.line) + "), "
             + regimen_name(res.regimens[w.regimen]) + ": " + w.text + " " + tag(w.evidence, w.sources) + "\n";
    if (res.warnings.empty())
        o += "  no regimen choice the guidelines advise against\n";

    o += "\nTime points\n";
    o += "  " + pad("date", 12) + pad("regimen", 9) + pad("week", 7) + pad("HBV DNA IU/mL", 22) + pad("log10", 7)
         + pad("vs nadir", 10) + pad("ALT xULN", 10) + pad("HBsAg", 10) + "reading\n";
    for (time_point const & tp : res.points)
    {
        timeline_row const & row = r.patient.rows[tp.row];
        std::string line = "  " + pad(row.date.iso(), 12)
                           + pad(tp.regimen ? std::to_string(*tp.regimen + 1) : std::string{"-"}, 9)
                           + pad(tp.week >= 0 ? format_fixed(tp.week, 1) : std::string{"-"}, 7)
                           + pad(row.hbv_dna ? row.hbv_dna->text() : std::string{"-"}, 22)
                           + pad(row.hbv_dna ? format_fixed(row.hbv_dna->log10(), 2) : std::string{"-"}, 7)
                           + pad(tp.above_nadir ? (*tp.above_nadir >= 0 ? "+" : "") + format_fixed(*tp.above_nadir, 2)
                                                : std::string{"-"},
                                 10)
                           + pad(tp.alt_ratio ? format_fixed(*tp.alt_ratio, 1) : std::string{"-"}, 10)
                           + pad(row.hbsag ? row.hbsag->text() : std::string{"-"}, 10) + join(tp.labels, ", ");
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        o += line + "\n";
    }

    if (r.genotype)
    {
        genotypic_result const & g = *r.genotype;
        o += "\nGenotypic result: sample " + g.sample + " (" + g.origin + "), genotype " + g.genotype + ", QC "
             + g.qc_status + ", " + g.mutation_db + "\n";
        for (genotypic_drug const & d : g.drugs)
            o += "  " + pad(d.drug, 5) + pad(d.level, 18) + pad(d.name, 32) + join(d.mutations, ", ") + "\n";
        o += "  Salvage options (guideline summaries from the mutation database; interpreted with history "
             + (g.history_used.empty() ? std::string{"none"} : join(g.history_used, ",")) + ", HBeAg "
             + hbeag_text(g.hbeag_used) + ")\n";
        for (salvage_item const & s : g.salvage)
            o += "    [" + s.guideline + ", " + s.evidence + "] " + s.recommendation + "\n";
        if (g.salvage.empty())
            o += "    none: no resistance calling for salvage\n";
        if (!g.cautions.empty())
        {
            o += "  Cautions\n";
            for (caution_item const & c : g.cautions)
                o += "    [" + c.id + "] " + c.text + "\n";
        }
    }

    if (!r.notes.empty())
    {
        o += "\nNotes\n";
        for (std::string const & n : r.notes)
            o += "  " + n + "\n";
    }
    o += "\nSources\n";
    for (monitoring_source const * s : cited_sources(r, defs))
        o += "  " + s->key + ": " + s->citation + (s->url.empty() ? std::string{} : " " + s->url) + "\n";
    o += "\n" + std::string{decision_support_disclaimer} + " " + std::string{monitor_disclaimer_extra} + "\n";
    return o;
}

} // namespace hbvdr
