#include <algorithm>
#include <cmath>

#include <hbvdr/monitor/report.hpp>
#include <hbvdr/report/disclaimer.hpp>
#include <hbvdr/report/html_report.hpp>

#include "report_common.hpp"

namespace hbvdr
{

namespace
{

std::string num(double const v)
{
    return format_fixed(v, 1);
}

constexpr char const * css =
    R"(body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em auto;max-width:1000px;color:#222;line-height:1.4}
h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.88em;width:100%}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.meta{color:#555;font-size:.85em}.gate{font-size:1.1em;padding:.6em;border-radius:4px;background:#eef3fb;border:1px solid #b8c8e6}
.s-met,.s-possible{font-weight:bold;color:#a40000}.s-not_confirmed{color:#8a5a00}.s-not_met{color:#2d6a2d}.s-not_assessable{color:#777}
.lvl-R{color:#a40000;font-weight:bold}.lvl-I{color:#8a5a00;font-weight:bold}.warn{color:#8a5a00}
svg text{font-family:system-ui,sans-serif;font-size:11px}.small{font-size:.8em;color:#555})";

// The plot: log10 HBV DNA (left axis) and ALT x ULN (right axis) over time, regimen bars below,
// nadir and breakthrough threshold per nucleos(t)ide regimen, classification markers.
class plot
{
public:
    plot(monitor_report const & r, monitoring_definitions const & defs) : m_r{r}, m_defs{defs}
    {
        std::vector<timeline_row> const & rows = r.patient.rows;
        m_d0 = rows.front().date.days();
        m_d1 = rows.back().date.days();
        long const pad = std::max(7L, (m_d1 - m_d0) / 30);
        m_d0 -= pad;
        m_d1 += pad;
        double max_log = 0.0, max_ratio = 0.0;
        for (timeline_row const & row : rows)
        {
            if (row.hbv_dna)
                max_log = std::max(max_log, row.hbv_dna->log10());
            if (row.alt)
                max_ratio = std::max(max_ratio, *row.alt / *row.alt_uln);
        }
        for (regimen_period const & p : r.result.regimens)
            if (p.nucleos_t_ide && p.nadir)
                max_log = std::max(max_log, p.nadir->value.log10() + m_defs.number("VBT", "min_rise"));
        // Each axis ends past its largest value, within what a plot can show: a value beyond (a typo
        // such as 7e9 U/L, or 1e300 IU/mL) is drawn at the edge instead of stretching the axis (an
        // ALT axis of 10^8 x ULN had 10^8 labels). std::clamp also bounds an infinite ratio.
        m_ymax = std::clamp(std::ceil(max_log + 0.5), 8.0, max_log10);
        m_rmax = std::clamp(std::ceil(max_ratio * 1.1), 3.0, max_alt_ratio);
        m_lanes = std::max<std::size_t>(1, r.result.regimens.size());
    }

    std::string svg() const
    {
        double const height = top + ph + 34 + static_cast<double>(m_lanes) * lane + 30;
        std::string s = "<svg role=\"img\" width=\"" + num(width) + "\" height=\"" + num(height) + "\" viewBox=\"0 0 "
                        + num(width) + " " + num(height) + "\" aria-label=\"HBV DNA and ALT over time\">\n";
        s += "<title>log10 HBV DNA and ALT over time for patient " + html_escape(m_r.patient.patient) + "</title>\n";
        s += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(pw) + "\" height=\"" + num(ph)
             + "\" fill=\"#fff\" stroke=\"#999\"/>\n";
        axes(s);
        regimens(s);
        nadirs(s);
        series(s);
        markers(s);
        legend(s, height);
        s += "</svg>\n";
        return s;
    }

private:
    static constexpr double width = 960, left = 64, right = 64, top = 24, ph = 280, pw = width - left - right,
                            lane = 20;
    static constexpr double max_log10 = 20, max_alt_ratio = 100; // axis limits: log10 IU/mL, x ULN
    monitor_report const & m_r;
    monitoring_definitions const & m_defs;
    long m_d0{0}, m_d1{1};
    double m_ymax{8}, m_rmax{3};
    std::size_t m_lanes{1};

    double x(long const day) const
    {
        return left + static_cast<double>(day - m_d0) / static_cast<double>(std::max(1L, m_d1 - m_d0)) * pw;
    }
    double y(double const log) const
    {
        return top + ph - std::clamp(log, 0.0, m_ymax) / m_ymax * ph;
    }
    double yr(double const ratio) const
    {
        return top + ph - std::clamp(ratio, 0.0, m_rmax) / m_rmax * ph;
    }
    long end_day(regimen_period const & p) const
    {
        return p.end ? p.end->days() : m_r.patient.rows.back().date.days();
    }

    void axes(std::string & s) const
    {
        for (int v = 0; v <= static_cast<int>(m_ymax); ++v)
        {
            s += "<line x1=\"" + num(left) + "\" x2=\"" + num(left + pw) + "\" y1=\"" + num(y(v)) + "\" y2=\""
                 + num(y(v)) + "\" stroke=\"#eee\"/>";
            s += "<text x=\"" + num(left - 6) + "\" y=\"" + num(y(v) + 4) + "\" text-anchor=\"end\">"
                 + std::to_string(v) + "</text>\n";
        }
        int const rstep = m_rmax > 30 ? 10 : (m_rmax > 6 ? 2 : 1);
        for (int v = 0; v <= static_cast<int>(m_rmax); v += rstep)
            s += "<text x=\"" + num(left + pw + 6) + "\" y=\"" + num(yr(v) + 4) + "\" fill=\"#b35900\">"
                 + std::to_string(v) + "</text>\n";
        s += "<line x1=\"" + num(left) + "\" x2=\"" + num(left + pw) + "\" y1=\"" + num(yr(1)) + "\" y2=\"" + num(yr(1))
             + "\" stroke=\"#b35900\" stroke-dasharray=\"2,3\"/><text x=\"" + num(left + pw - 4) + "\" y=\""
             + num(yr(1) - 3) + "\" text-anchor=\"end\" fill=\"#b35900\">ALT ULN</text>\n";
        s += "<text transform=\"translate(16," + num(top + ph / 2)
             + ") rotate(-90)\" text-anchor=\"middle\">log10 HBV DNA (IU/mL)</text>\n";
        s += "<text transform=\"translate(" + num(width - 14) + "," + num(top + ph / 2)
             + ") rotate(90)\" text-anchor=\"middle\" fill=\"#b35900\">ALT (x ULN)</text>\n";
        constexpr int ticks = 6;
        for (int i = 0; i <= ticks; ++i)
        {
            long const day = m_d0 + (m_d1 - m_d0) * i / ticks;
            s += "<line x1=\"" + num(x(day)) + "\" x2=\"" + num(x(day)) + "\" y1=\"" + num(top + ph) + "\" y2=\""
                 + num(top + ph + 4) + "\" stroke=\"#999\"/>";
            s += "<text x=\"" + num(x(day)) + "\" y=\"" + num(top + ph + 16) + "\" text-anchor=\"middle\">"
                 + date_of(day) + "</text>\n";
        }
    }

    static std::string date_of(long const days)
    {
        // Civil from days (H. Hinnant's algorithm), the inverse of calendar_date::days().
        long const z = days + 719468;
        long const era = (z >= 0 ? z : z - 146096) / 146097;
        long const doe = z - era * 146097;
        long const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long const mp = (5 * doy + 2) / 153;
        int const d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
        int const m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
        int const yy = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
        return calendar_date{yy, m, d}.iso();
    }

    void regimens(std::string & s) const
    {
        static constexpr char const * fills[] = {"#dbe8f6", "#e3f1dc", "#f6e7d6", "#ebe0f3", "#f3f0d0"};
        double const y0 = top + ph + 28;
        s += "<text x=\"" + num(left - 6) + "\" y=\"" + num(y0 + 13) + "\" text-anchor=\"end\">regimens</text>\n";
        for (regimen_period const & p : m_r.result.regimens)
        {
            char const * fill = fills[p.index % 5];
            double const x0 = x(p.start.days()), x1 = x(end_day(p));
            double const ly = y0 + static_cast<double>(p.index) * lane;
            std::string const title =
                "<title>" + html_escape(monitor_detail::regimen_name(p) + ": " + monitor_detail::period_dates(p))
                + "</title>";
            s += "<rect x=\"" + num(x0) + "\" y=\"" + num(top) + "\" width=\"" + num(std::max(1.0, x1 - x0))
                 + "\" height=\"" + num(ph) + "\" fill=\"" + fill + "\" fill-opacity=\"0.35\"/>";
            s += "<rect class=\"regimen\" x=\"" + num(x0) + "\" y=\"" + num(ly) + "\" width=\""
                 + num(std::max(2.0, x1 - x0)) + "\" height=\"" + num(lane - 4) + "\" fill=\"" + fill
                 + "\" stroke=\"#7a8ca8\">" + title + "</rect>";
            s += "<text x=\"" + num(x0 + 4) + "\" y=\"" + num(ly + 12) + "\">"
                 + html_escape(std::to_string(p.index + 1) + ". " + p.label()) + "</text>\n";
            for (first_line_warning const & w : m_r.result.warnings)
                if (w.regimen == p.index)
                    s += "<text class=\"warn\" x=\"" + num(x0 - 2) + "\" y=\"" + num(ly + 12)
                         + "\" text-anchor=\"end\" fill=\"#b35900\" font-weight=\"bold\">!<title>"
                         + html_escape(w.rule + ": " + w.text) + "</title></text>\n";
        }
    }

    void nadirs(std::string & s) const
    {
        double const min_rise = m_defs.number("VBT", "min_rise");
        for (regimen_period const & p : m_r.result.regimens)
        {
            if (!p.nucleos_t_ide || !p.nadir)
                continue;
            double const x0 = x(p.nadir->date.days()), x1 = x(end_day(p));
            if (x1 - x0 < 2)
                continue;                      // the nadir is the regimen's last sample: nothing to compare with yet
            bool const labels = x1 - x0 >= 90; // room for the labels; the lines keep their tooltips
            double const n = p.nadir->value.log10();
            s += "<line class=\"nadir\" x1=\"" + num(x0) + "\" x2=\"" + num(x1) + "\" y1=\"" + num(y(n)) + "\" y2=\""
                 + num(y(n)) + "\" stroke=\"#1f5fbf\" stroke-dasharray=\"6,3\"><title>"
                 + html_escape("nadir " + p.nadir->value.text() + " IU/mL (" + format_fixed(n, 2) + " log10) on "
                               + p.nadir->date.iso())
                 + "</title></line>";
            if (labels)
                s += "<text x=\"" + num(x0 + 8) + "\" y=\"" + num(y(n) + 13) + "\" fill=\"#1f5fbf\">nadir</text>\n";
            s += "<line class=\"threshold\" x1=\"" + num(x0) + "\" x2=\"" + num(x1) + "\" y1=\"" + num(y(n + min_rise))
                 + "\" y2=\"" + num(y(n + min_rise)) + "\" stroke=\"#c0392b\" stroke-dasharray=\"3,3\"><title>"
                 + html_escape("breakthrough threshold: nadir + " + format_fixed(min_rise, 1)
                               + " log10 = " + format_fixed(n + min_rise, 2) + " log10")
                 + "</title></line>";
            if (labels)
                s += "<text x=\"" + num(x0 + 8) + "\" y=\"" + num(y(n + min_rise) - 4) + "\" fill=\"#c0392b\">nadir + "
                     + format_fixed(min_rise, 1) + " log10</text>\n";
        }
    }

    void series(std::string & s) const
    {
        std::string dna, alt, dots;
        for (timeline_row const & row : m_r.patient.rows)
        {
            double const xx = x(row.date.days());
            if (row.hbv_dna)
            {
                double const yy = y(row.hbv_dna->log10());
                dna += (dna.empty() ? "" : " ") + num(xx) + "," + num(yy);
                std::string const title = "<title>"
                                          + html_escape(row.date.iso() + ": HBV DNA " + row.hbv_dna->text() + " IU/mL")
                                          + "</title>";
                dots += "<circle class=\"dna\" cx=\"" + num(xx) + "\" cy=\"" + num(yy) + "\" r=\"4\" fill=\""
                        + (row.hbv_dna->censored() ? "#fff" : "#1f5fbf") + "\" stroke=\"#1f5fbf\" stroke-width=\"1.5\">"
                        + title + "</circle>\n";
            }
            if (row.alt)
            {
                double const ratio = *row.alt / *row.alt_uln;
                double const yy = yr(ratio);
                alt += (alt.empty() ? "" : " ") + num(xx) + "," + num(yy);
                dots += "<rect class=\"alt\" x=\"" + num(xx - 3) + "\" y=\"" + num(yy - 3)
                        + "\" width=\"6\" height=\"6\" fill=\"#b35900\"><title>"
                        + html_escape(row.date.iso() + ": ALT " + format_fixed(*row.alt, 0) + " U/L ("
                                      + format_fixed(ratio, 1) + " x ULN " + format_fixed(*row.alt_uln, 0) + ")")
                        + "</title></rect>\n";
            }
        }
        if (!alt.empty())
            s += "<polyline points=\"" + alt
                 + "\" fill=\"none\" stroke=\"#b35900\" stroke-width=\"1.2\" stroke-opacity=\"0.7\"/>\n";
        if (!dna.empty())
            s += "<polyline points=\"" + dna + "\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.8\"/>\n";
        s += dots;
    }

    void markers(std::string & s) const
    {
        for (monitor_finding const & f : m_r.result.findings)
        {
            if (!f.date
                || (f.status != monitor_status::met && f.status != monitor_status::possible
                    && f.status != monitor_status::not_confirmed))
                continue;
            double const xx = x(f.date->days());
            std::string const colour = f.status == monitor_status::not_confirmed ? "#8a5a00" : "#a40000";
            s += "<g class=\"classification\"><title>"
                 + html_escape(std::string{describe(f.kind)} + " [" + f.rule + "] "
                               + monitor_detail::status_text(f.status) + ": " + f.detail)
                 + "</title>";
            s += "<line x1=\"" + num(xx) + "\" x2=\"" + num(xx) + "\" y1=\"" + num(top) + "\" y2=\"" + num(top + ph)
                 + "\" stroke=\"" + colour + "\" stroke-dasharray=\"1,3\"/>";
            s += "<path d=\"M" + num(xx - 5) + "," + num(top - 10) + " L" + num(xx + 5) + "," + num(top - 10) + " L"
                 + num(xx) + "," + num(top - 2) + " Z\" fill=\"" + colour + "\"/>";
            s += "<text x=\"" + num(xx + 6) + "\" y=\"" + num(top - 3) + "\" fill=\"" + colour + "\">"
                 + html_escape(f.rule) + "</text></g>\n";
        }
    }

    void legend(std::string & s, double const height) const
    {
        double const ly = height - 10;
        s += "<circle cx=\"" + num(left) + "\" cy=\"" + num(ly - 4) + "\" r=\"4\" fill=\"#1f5fbf\"/><text x=\""
             + num(left + 8) + "\" y=\"" + num(ly) + "\">HBV DNA</text>";
        s += "<circle cx=\"" + num(left + 80) + "\" cy=\"" + num(ly - 4)
             + "\" r=\"4\" fill=\"#fff\" stroke=\"#1f5fbf\"/><text x=\"" + num(left + 88) + "\" y=\"" + num(ly)
             + "\">below the assay limit (drawn at the limit)</text>";
        s += "<rect x=\"" + num(left + 330) + "\" y=\"" + num(ly - 7)
             + "\" width=\"6\" height=\"6\" fill=\"#b35900\"/><text x=\"" + num(left + 340) + "\" y=\"" + num(ly)
             + "\">ALT (x ULN, right axis)</text>";
        s += "<path d=\"M" + num(left + 500) + "," + num(ly - 8) + " L" + num(left + 510) + "," + num(ly - 8) + " L"
             + num(left + 505) + "," + num(ly) + " Z\" fill=\"#a40000\"/><text x=\"" + num(left + 514) + "\" y=\""
             + num(ly) + "\">classification</text>";
        s += "<text x=\"" + num(left + 610) + "\" y=\"" + num(ly)
             + "\" fill=\"#b35900\" font-weight=\"bold\">! first-line check</text>\n";
    }
};

std::string cell(std::string const & text)
{
    return "<td>" + html_escape(text) + "</td>";
}

} // namespace

std::string monitor_html(monitor_report const & r, monitoring_definitions const & defs)
{
    using namespace monitor_detail;
    monitor_result const & res = r.result;
    std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>hbvdr monitor: "
                    + html_escape(r.patient.patient) + "</title>\n<style>\n" + css + "\n</style>\n</head>\n<body>\n";
    h += "<h1>Treatment monitoring: patient " + html_escape(r.patient.patient) + "</h1>\n";
    h += "<p class=\"meta\">Timeline " + html_escape(r.patient.source) + "; treatment history "
         + html_escape(r.context.history.empty() ? "none" : join(r.context.history, ", ")) + "; latest HBeAg "
         + hbeag_text(r.context.hbeag_positive)
         + (res.genotype ? "; HBV genotype " + std::string(1, *res.genotype) + " (from the "
                               + html_escape(res.genotype_source) + ")"
                         : std::string{})
         + ".<br>definitions.tsv sha256 " + defs.definitions_sha256() + "; mutation database " + html_escape(r.db_label)
         + "; hbvdr " + html_escape(r.tool_version) + ".</p>\n";

    h += "<div class=\"gate\"><strong>Gate reached: " + html_escape(std::string{describe(r.gate.reached)}) + "</strong>"
         + (r.gate.regimen ? " (current nucleos(t)ide " + html_escape(regimen_name(res.regimens[*r.gate.regimen])) + ")"
                           : std::string{})
         + "</div>\n";
    h += "<table>\n<tr><th>gate</th><th>status</th><th>basis</th></tr>\n";
    for (gate_step const & s : r.gate.steps)
        h += "<tr>" + cell(std::string{describe(s.gate)}) + "<td class=\"" + (s.reached ? "s-met" : "s-not_met") + "\">"
             + (s.reached ? "reached" + (s.date ? " " + s.date->iso() : std::string{}) : std::string{"not reached"})
             + "</td>" + cell(s.basis) + "</tr>\n";
    h += "</table>\n<h2>Next steps</h2>\n<ol>\n";
    for (next_step const & n : r.gate.next_steps)
        h += "<li>" + html_escape(n.display()) + "</li>\n";
    h += "</ol>\n";

    h += "<h2>HBV DNA and ALT over time</h2>\n" + plot{r, defs}.svg();

    h += "<h2>Classification</h2>\n";
    for (regimen_period const & p : res.regimens)
    {
        h += "<p><strong>" + html_escape(regimen_name(p)) + "</strong>: " + html_escape(regimen_summary(p)) + "</p>\n";
        h += "<table>\n<tr><th>status</th><th>definition</th><th>date</th><th>week</th><th>detail</th><th>evidence</"
             "th></tr>\n";
        for (monitor_finding const & f : res.findings)
            if (f.regimen == p.index)
                h += "<tr><td class=\"s-" + std::string{to_string(f.status)} + "\">"
                     + html_escape(status_text(f.status)) + "</td>"
                     + cell(std::string{describe(f.kind)} + " [" + f.rule + "]") + cell(f.date ? f.date->iso() : "")
                     + cell(f.week >= 0 ? format_fixed(f.week, 1) : "") + cell(f.detail)
                     + cell(f.evidence + ": " + join(f.sources, ", ")) + "</tr>\n";
        h += "</table>\n";
    }
    if (res.regimens.empty())
        h += "<p>No treatment period in the timeline.</p>\n";

    h += "<h2>First-line checks</h2>\n";
    if (res.warnings.empty())
        h += "<p>No regimen choice the guidelines advise against.</p>\n";
    else
    {
        h += "<table>\n<tr><th>check</th><th>date (line)</th><th>regimen</th><th>advice</th><th>evidence</th></tr>\n";
        for (first_line_warning const & w : res.warnings)
            h += "<tr>" + cell(w.rule) + cell(w.date.iso() + " (line " + std::to_string(w.line) + ")")
                 + cell(regimen_name(res.regimens[w.regimen])) + "<td class=\"warn\">" + html_escape(w.text) + "</td>"
                 + cell(w.evidence + ": " + join(w.sources, ", ")) + "</tr>\n";
        h += "</table>\n";
    }

    if (r.genotype)
    {
        genotypic_result const & g = *r.genotype;
        h += "<h2>Genotypic result</h2>\n<p>Sample " + html_escape(g.sample) + " (" + html_escape(g.origin)
             + "), genotype " + html_escape(g.genotype) + ", QC " + html_escape(g.qc_status) + ", "
             + html_escape(g.mutation_db) + "; interpreted with history "
             + html_escape(g.history_used.empty() ? "none" : join(g.history_used, ", ")) + " and HBeAg "
             + hbeag_text(g.hbeag_used) + ".</p>\n";
        h += "<table>\n<tr><th>drug</th><th>level</th><th>mutations</th></tr>\n";
        for (genotypic_drug const & d : g.drugs)
            h += "<tr>" + cell(d.drug + " (" + d.name + ")") + "<td class=\"lvl-" + html_escape(d.level) + "\">"
                 + html_escape(d.level) + "</td>" + cell(join(d.mutations, ", ")) + "</tr>\n";
        h += "</table>\n<h3>Salvage options</h3>\n";
        if (g.salvage.empty())
            h += "<p>None: no resistance calling for salvage.</p>\n";
        else
        {
            h += "<table>\n<tr><th>guideline</th><th>evidence</th><th>recommendation</th></tr>\n";
            for (salvage_item const & s : g.salvage)
                h += "<tr>" + cell(s.guideline) + cell(s.evidence) + cell(s.recommendation) + "</tr>\n";
            h += "</table>\n";
        }
        if (!g.cautions.empty())
        {
            h += "<h3>Cautions</h3>\n<ul>\n";
            for (caution_item const & c : g.cautions)
                h += "<li>" + html_escape("[" + c.id + "] " + c.text) + "</li>\n";
            h += "</ul>\n";
        }
    }

    h += "<h2>Time points</h2>\n<table>\n<tr><th>date</th><th>regimen</th><th>week</th><th>HBV DNA "
         "(IU/mL)</th><th>log10</th><th>vs nadir</th>"
         "<th>ALT (x ULN)</th><th>HBsAg (IU/mL)</th><th>HBeAg</th><th>reading</th><th>note</th></tr>\n";
    for (time_point const & tp : res.points)
    {
        timeline_row const & row = r.patient.rows[tp.row];
        h += "<tr>" + cell(row.date.iso()) + cell(tp.regimen ? std::to_string(*tp.regimen + 1) : "-")
             + cell(tp.week >= 0 ? format_fixed(tp.week, 1) : "-") + cell(row.hbv_dna ? row.hbv_dna->text() : "")
             + cell(row.hbv_dna ? format_fixed(row.hbv_dna->log10(), 2) : "")
             + cell(tp.above_nadir ? (*tp.above_nadir >= 0 ? "+" : "") + format_fixed(*tp.above_nadir, 2) : "")
             + cell(tp.alt_ratio ? format_fixed(*row.alt, 0) + " (" + format_fixed(*tp.alt_ratio, 1) + ")" : "")
             + cell(row.hbsag ? row.hbsag->text() : "") + cell(row.hbeag_positive ? hbeag_text(row.hbeag_positive) : "")
             + cell(join(tp.labels, ", ")) + cell(row.note) + "</tr>\n";
    }
    h += "</table>\n";
    bool any_event = false;
    for (timeline_row const & row : r.patient.rows)
        any_event = any_event || row.event != regimen_event::none;
    if (any_event)
    {
        h += "<h2>Regimen "
             "events</h2>\n<table>\n<tr><th>date</th><th>line</th><th>event</th><th>drugs</th><th>note</th></tr>\n";
        for (timeline_row const & row : r.patient.rows)
            if (row.event != regimen_event::none)
                h += "<tr>" + cell(row.date.iso()) + cell(std::to_string(row.line))
                     + cell(std::string{to_string(row.event)}) + cell(row.stop_all ? "all" : join(row.drugs, "+"))
                     + cell(row.note) + "</tr>\n";
        h += "</table>\n";
    }
    if (!r.notes.empty())
    {
        h += "<h2>Notes</h2>\n<ul>\n";
        for (std::string const & n : r.notes)
            h += "<li>" + html_escape(n) + "</li>\n";
        h += "</ul>\n";
    }
    h += "<h2>Sources</h2>\n<p class=\"small\">Evidence: " + html_escape(std::string{monitoring_evidence_legend})
         + ".</p>\n<ul class=\"small\">\n";
    for (monitoring_source const * s : cited_sources(r, defs))
        h += "<li><strong>" + html_escape(s->key) + "</strong>: " + html_escape(s->citation)
             + (s->url.empty() ? std::string{}
                               : " <a href=\"" + html_escape(s->url) + "\">" + html_escape(s->url) + "</a>")
             + "</li>\n";
    h += "</ul>\n<p class=\"small\">" + html_escape(std::string{decision_support_disclaimer}) + " "
         + html_escape(std::string{monitor_disclaimer_extra}) + "</p>\n";
    h += "</body>\n</html>\n";
    return h;
}

} // namespace hbvdr
