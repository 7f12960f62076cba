#include <hbvdr/core/text.hpp>
#include <hbvdr/report/cohort.hpp>
#include <hbvdr/report/html_report.hpp>

#include "report_view.hpp"

namespace hbvdr
{

namespace
{

// Geometry of the bar charts (SVG user units; the figure scales to the page width).
constexpr double chart_width = 860;
constexpr double label_width = 96; // the row's name, left of the bars
constexpr double bar_width = 520;  // the bar of a count equal to the denominator
constexpr double row_height = 24;
constexpr double bar_height = 16;
constexpr double legend_height = 26;

using detail::svg_number;

std::string esc(std::string_view const s)
{
    return html_escape(s);
}

std::string pct(std::size_t const n, std::size_t const of)
{
    return of == 0 ? std::string{"-"} : cohort_percent(n, of) + "%";
}

std::string count_cell(std::size_t const n, std::size_t const of)
{
    return "<td class=\"num\">" + std::to_string(n) + " <span class=\"note\">(" + pct(n, of) + ")</span></td>";
}

// "LAM;LdT" -> "LAM, LdT"
std::string drug_list(std::string const & drugs)
{
    std::string out;
    for (char const ch : drugs)
        out += ch == ';' ? std::string{", "} : std::string(1, ch);
    return out;
}

struct segment
{
    std::size_t count{0};
    std::string colour;
    std::string title; // tooltip
};

// One row of a chart: the name, a stacked bar scaled to `of`, the figures after it.
std::string bar_row(std::size_t const row,
                    std::string const & name,
                    std::vector<segment> const & segments,
                    std::size_t const of,
                    std::string const & figures)
{
    double const y = legend_height + static_cast<double>(row) * row_height;
    std::string o = "<g class=\"bar\"><text x=\"" + svg_number(label_width - 8) + "\" y=\"" + svg_number(y + 12.5)
                    + "\" text-anchor=\"end\" font-weight=\"bold\">" + esc(name) + "</text>";
    o += "<rect x=\"" + svg_number(label_width) + "\" y=\"" + svg_number(y) + "\" width=\"" + svg_number(bar_width)
         + "\" height=\"" + svg_number(bar_height) + "\" fill=\"#f2f2f2\"/>";
    double x = label_width;
    for (segment const & s : segments)
    {
        if (s.count == 0 || of == 0)
            continue;
        double const w = bar_width * static_cast<double>(s.count) / static_cast<double>(of);
        o += "<rect x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" width=\"" + svg_number(w) + "\" height=\""
             + svg_number(bar_height) + "\" fill=\"" + s.colour + "\"><title>" + esc(s.title) + "</title></rect>";
        x += w;
    }
    o += "<text x=\"" + svg_number(label_width + bar_width + 8) + "\" y=\"" + svg_number(y + 12.5) + "\">"
         + esc(figures) + "</text></g>\n";
    return o;
}

std::string legend(std::vector<std::pair<std::string, std::string>> const & items) // colour, label
{
    std::string o = "<g class=\"legend\">";
    double x = label_width;
    for (auto const & [colour, label] : items)
    {
        o += "<rect x=\"" + svg_number(x) + "\" y=\"4\" width=\"12\" height=\"12\" fill=\"" + colour + "\"/><text x=\""
             + svg_number(x + 16) + "\" y=\"14\">" + esc(label) + "</text>";
        x += 24 + 7.5 * static_cast<double>(label.size());
    }
    return o + "</g>\n";
}

std::string chart(std::string const & id, std::string const & label, std::size_t const rows, std::string const & body)
{
    double const height = legend_height + static_cast<double>(rows) * row_height + 4;
    return "<figure>\n<svg id=\"" + id + "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
           + svg_number(chart_width) + " " + svg_number(height) + "\" role=\"img\" aria-label=\"" + esc(label)
           + "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n<title>" + esc(label) + "</title>\n"
           + body + "</svg>\n";
}

constexpr std::string_view colour_r = "#b3261e";
constexpr std::string_view colour_i = "#e8a33d";
constexpr std::string_view colour_s = "#1f6f3f";
constexpr std::string_view colour_x = "#9e9e9e";
constexpr std::string_view colour_minority = "#7b3fa0";
constexpr std::string_view colour_genotype = "#4f7fb0";

void levels_part(std::string & o,
                 cohort_counts const & c,
                 std::vector<std::pair<std::string, std::string>> const & drug_names)
{
    o += "<h3>Drug levels</h3>\n";
    if (c.levels.empty())
    {
        o += "<p class=\"none\">No sample was interpreted.</p>\n";
        return;
    }
    // Bars read resistant first: R, I, S, insufficient data (cohort_level_order is S, I, R, ?).
    std::string body = legend({{std::string{colour_r}, "R resistant"},
                               {std::string{colour_i}, "I reduced susceptibility"},
                               {std::string{colour_s}, "S susceptible"},
                               {std::string{colour_x}, "? insufficient data"}});
    std::size_t row = 0;
    for (auto const & [drug, n] : c.levels)
    {
        auto seg = [&, &d = drug](std::size_t const i, std::string_view const colour)
        {
            return segment{n[i],
                           std::string{colour},
                           d + ": " + std::to_string(n[i]) + " " + std::string{describe(cohort_level_order[i])} + " ("
                               + pct(n[i], c.analysed) + ")"};
        };
        body += bar_row(row++,
                        drug,
                        {seg(2, colour_r), seg(1, colour_i), seg(0, colour_s), seg(3, colour_x)},
                        c.analysed,
                        "R " + std::to_string(n[2]) + "  I " + std::to_string(n[1]) + "  S " + std::to_string(n[0])
                            + "  ? " + std::to_string(n[3]));
    }
    o += chart("cohort-levels-chart", "Drug levels across the analysed samples", c.levels.size(), body);
    o += "<figcaption>Samples at each level per drug (bar: all " + std::to_string(c.analysed)
         + " analysed samples).</figcaption>\n</figure>\n";
    o += "<table id=\"cohort-levels\">\n<thead><tr><th scope=\"col\">Drug</th><th scope=\"col\">R resistant</th><th "
         "scope=\"col\">I reduced susceptibility</th><th scope=\"col\">S susceptible</th><th scope=\"col\">? "
         "insufficient data</th></tr></thead>\n<tbody>\n";
    for (auto const & [drug, n] : c.levels)
    {
        std::string name;
        for (auto const & [code, full] : drug_names)
            if (code == drug)
                name = full;
        o += "<tr><th scope=\"row\"" + (name.empty() ? std::string{} : " title=\"" + esc(name) + "\"") + ">" + esc(drug)
             + "</th>" + count_cell(n[2], c.analysed) + count_cell(n[1], c.analysed) + count_cell(n[0], c.analysed)
             + count_cell(n[3], c.analysed) + "</tr>\n";
    }
    o += "</tbody>\n</table>\n";
}

void mutations_part(std::string & o, cohort_counts const & c)
{
    o += "<h3>Resistance mutations</h3>\n";
    if (c.mutations.empty())
    {
        o += "<p class=\"none\" id=\"cohort-mutations\">No analysed sample carries a catalogued resistance "
             "mutation.</p>\n";
        return;
    }
    std::string body =
        legend({{std::string{colour_r}, "majority"}, {std::string{colour_minority}, "minority (NGS, below 20%)"}});
    std::size_t row = 0;
    for (auto const & [key, m] : c.mutations)
        body += bar_row(
            row++,
            m.mutation,
            {{m.majority, std::string{colour_r}, m.mutation + ": " + std::to_string(m.majority) + " majority"},
             {m.minority, std::string{colour_minority}, m.mutation + ": " + std::to_string(m.minority) + " minority"}},
            c.analysed,
            std::to_string(m.total()) + " of " + std::to_string(c.analysed) + " (" + pct(m.total(), c.analysed) + ")"
                + (m.minority > 0 ? ", " + std::to_string(m.minority) + " minority" : ""));
    o += chart("cohort-mutations-chart", "Samples carrying each resistance mutation", c.mutations.size(), body);
    o += "<figcaption>Samples carrying each catalogued resistance mutation (acquired; residues native to the "
         "sample's genotype are not counted).</figcaption>\n</figure>\n";
    o += "<table id=\"cohort-mutations\">\n<thead><tr><th scope=\"col\">Mutation</th><th scope=\"col\">Role</th><th "
         "scope=\"col\">Drugs</th><th scope=\"col\">Majority</th><th scope=\"col\">Minority (NGS)</th><th "
         "scope=\"col\">Samples</th></tr></thead>\n<tbody>\n";
    for (auto const & [key, m] : c.mutations)
        o += "<tr><th scope=\"row\" class=\"muts\">" + esc(m.mutation) + "</th><td>" + esc(m.role) + "</td><td>"
             + esc(m.drugs.empty() ? std::string{"-"} : drug_list(m.drugs)) + "</td><td class=\"num\">"
             + std::to_string(m.majority) + "</td><td class=\"num\">" + std::to_string(m.minority) + "</td>"
             + count_cell(m.total(), c.analysed) + "</tr>\n";
    o += "</tbody>\n</table>\n";
}

void genotypes_part(std::string & o, cohort_counts const & c)
{
    o += "<h3>Genotypes</h3>\n";
    if (c.genotypes.empty())
    {
        o += "<p class=\"none\">No sample was analysed.</p>\n";
        return;
    }
    std::string body;
    std::size_t row = 0;
    for (auto const & [genotype, n] : c.genotypes)
        body += bar_row(row++,
                        genotype,
                        {{n, std::string{colour_genotype}, genotype + ": " + std::to_string(n)}},
                        c.analysed,
                        std::to_string(n) + " (" + pct(n, c.analysed) + ")");
    o += chart("cohort-genotypes-chart", "Genotypes of the analysed samples", c.genotypes.size(), body);
    o += "<figcaption>Nearest-reference genotype over the RT region.</figcaption>\n</figure>\n";
    o += "<table id=\"cohort-genotypes\">\n<thead><tr><th scope=\"col\">Genotype</th><th "
         "scope=\"col\">Samples</th></tr></thead>\n<tbody>\n";
    for (auto const & [genotype, n] : c.genotypes)
        o += "<tr><th scope=\"row\">" + esc(genotype) + "</th>" + count_cell(n, c.analysed) + "</tr>\n";
    o += "</tbody>\n</table>\n";
}

} // namespace

std::string html_cohort_section(cohort_counts const & c,
                                std::vector<std::pair<std::string, std::string>> const & drug_names)
{
    std::string o = "<section id=\"cohort\">\n<h2>Cohort</h2>\n";
    o += "<p id=\"cohort-counts\">" + std::to_string(c.samples) + " samples: " + std::to_string(c.analysed)
         + " analysed (" + std::to_string(c.analysed_ngs) + " NGS), " + std::to_string(c.errors)
         + " error (not analysed, not counted below). Percentages are of the " + std::to_string(c.analysed)
         + " analysed samples; the same counts are in cohort.tsv.</p>\n";
    levels_part(o, c, drug_names);
    mutations_part(o, c);
    genotypes_part(o, c);
    return o + "</section>\n";
}

} // namespace hbvdr
