//!\file
//!\brief The RT region map (inline SVG): coverage of RT and the HBsAg frame, resistance positions,
//! labelled mutations, the NGS depth and minority tracks, and the legend.

#include "rt_map_svg.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <hbvdr/core/text.hpp>

#include "page.hpp"

namespace hbvdr::detail
{

namespace
{

// Coordinates: rt codon p spans [x(p), x(p) + cw) in a 960-wide viewBox.
struct geometry
{
    double left{118}, width{824};
    double cw() const noexcept
    {
        return width / rt_info.n_codons;
    }
    double x(double const pos) const noexcept
    {
        return left + (pos - 1) * cw();
    }
};

// Vertical positions: the labels at 45 degrees above the bar, then the tracks.
struct layout
{
    double bar_y{0}, bar_h{22}, s_y{0}, s_h{10}, key_y{0}, axis_y{0};
    double depth_y{0}, depth_h{80}, minor_y{0}, minor_h{60}, legend_y{0}, height{0};
};

// `longest`: the longest label, at about 5 px of height per character.
layout make_layout(std::size_t const longest, bool const ngs)
{
    layout l;
    l.bar_y = std::round(std::max(60.0, 42 + 5.2 * static_cast<double>(longest)));
    l.s_y = l.bar_y + 32;
    l.key_y = l.bar_y + 50;
    l.axis_y = l.bar_y + 78;
    l.depth_y = l.axis_y + 26;
    l.minor_y = l.depth_y + 110;
    l.legend_y = ngs ? l.minor_y + l.minor_h + 26 : l.axis_y + 26;
    l.height = l.legend_y + 40;
    return l;
}

std::string fill_of(std::string_view const status)
{
    if (status == "called")
        return "#4f7fb0";
    if (status == "ambiguous")
        return "#e3a21a";
    if (status == "deleted")
        return "#111111";
    if (status == "low_depth")
        return "#b9a2d6";
    return "#9a9a9a";
}

struct marker
{
    int pos{0};
    std::string label;
    std::string kind; // "primary", "accessory", "minority", "other", "stop"
};

std::string colour_of(std::string const & kind)
{
    return kind == "primary"     ? "#b3261e"
           : kind == "accessory" ? "#b45309"
           : kind == "minority"  ? "#7b3fa0"
           : kind == "stop"      ? "#111111"
                                 : "#6a6a6a";
}

std::string svg_text(double const x, double const y, std::string const & text, std::string const & attrs = {})
{
    return "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\"" + (attrs.empty() ? "" : " " + attrs) + ">"
           + esc(text) + "</text>";
}

std::string svg_rect(double const x,
                     double const y,
                     double const w,
                     double const h,
                     std::string const & fill,
                     std::string const & extra = {})
{
    return "<rect x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" width=\"" + svg_number(std::max(w, 0.6))
           + "\" height=\"" + svg_number(h) + "\" fill=\"" + fill + "\"" + (extra.empty() ? "" : " " + extra) + "/>";
}

// A horizontal line across the whole of RT at height y.
std::string rt_line(geometry const & g, double const y, std::string const & attrs)
{
    return "<line x1=\"" + svg_number(g.x(1)) + "\" y1=\"" + svg_number(y) + "\" x2=\""
           + svg_number(g.x(rt_info.n_codons + 1)) + "\" y2=\"" + svg_number(y) + "\" " + attrs + "/>";
}

// ---------------------------------------------------------------------------------------------
// Markers: which changes are drawn, and how.

// "primary", "accessory" or "other" for an RT change (native residues are polymorphisms).
std::string rt_kind(sample_report const & s, aa_mutation const & mu)
{
    std::string kind = "other";
    if (s.interpreted)
        for (finding const & f : s.interp.findings)
            if (f.g == gene::rt && f.pos == mu.pos && !f.native)
                kind = f.kind == "primary" ? "primary"
                                           : (f.kind == "secondary" || f.kind == "putative" ? "accessory" : "other");
    return kind;
}

// NGS: the non-reference residues and their summed frequency `f` ("rtM204V 8.3%").
std::string ngs_label(aa_mutation const & mu, codon_call const & c, double & f)
{
    std::string residues;
    f = 0;
    for (char const aa : mu.aa.to_string())
        if (aa != mu.ref)
        {
            residues.push_back(aa);
            for (auto const & [a, fr] : c.freqs)
                f += a == aa ? fr : 0.0;
        }
    return "rt" + std::string(1, mu.ref) + std::to_string(mu.pos) + residues + " " + percent(f);
}

// The RT changes and HBsAg stops (at the RT codon they overlap), by position.
std::vector<marker> collect_markers(sample_report const & s, report_view const & v)
{
    std::vector<marker> marks;
    for (mutation_row const & r : s.mutations)
    {
        aa_mutation const & mu = r.mutation;
        bool const substitution = mu.kind == mutation_kind::substitution || mu.kind == mutation_kind::mixture;
        if (mu.g == gene::rt)
        {
            std::string kind = rt_kind(s, mu);
            std::string label = mu.label();
            codon_call const & c = s.calls.rt.at(mu.pos);
            if (substitution && c.has_depth)
            {
                double f = 0;
                label = ngs_label(mu, c, f);
                if (kind != "other" && f < v.minority_below)
                    kind = "minority";
            }
            marks.push_back({mu.pos, label, kind});
        }
        else if (substitution && mu.aa.contains('*'))
            marks.push_back({mu.pos + 8, mu.label(), "stop"});
    }
    std::stable_sort(marks.begin(),
                     marks.end(),
                     [](marker const & a, marker const & b)
                     {
                         return a.pos < b.pos;
                     });
    return marks;
}

std::size_t longest_label(std::vector<marker> const & marks)
{
    std::size_t longest = 0;
    for (marker const & mk : marks)
        if (mk.kind != "other")
            longest = std::max(longest, mk.label.size());
    return longest;
}

// The positions of the resistance-position track: those of `opts` inside RT, sorted, once each.
std::vector<int> resistance_keys(report_options const & opts)
{
    std::vector<int> keys;
    for (int const p : opts.resistance_positions)
        if (p >= 1 && p <= rt_info.n_codons && std::find(keys.begin(), keys.end(), p) == keys.end())
            keys.push_back(p);
    std::sort(keys.begin(), keys.end());
    return keys;
}

// A run of codons first..last (1-based) with one status.
struct status_run
{
    int first{0}, last{0};
    std::string_view status;
};

// The runs of equal status along codons 1..n of a gene, leaving out those not covered.
std::vector<status_run> covered_runs(gene_translation const & t, int const n)
{
    std::vector<status_run> runs;
    for (int p = 1; p <= n;)
    {
        std::string_view const st = to_string(t.at(p).status);
        int q = p;
        while (q + 1 <= n && to_string(t.at(q + 1).status) == st)
            ++q;
        if (st != "not_covered")
            runs.push_back({p, q, st});
        p = q + 1;
    }
    return runs;
}

// ---------------------------------------------------------------------------------------------
// The parts of the picture, top to bottom.

// The <svg> element with its title and description, and the names of the tracks.
std::string svg_open(sample_report const & s, layout const & l)
{
    // Inline SVG in HTML5 needs no xmlns (and the page then holds no URL at all).
    std::string o = "<svg id=\"rt-map\" viewBox=\"0 0 960 " + svg_number(l.height)
                    + "\" role=\"img\" aria-labelledby=\"rt-map-title rt-map-desc\" font-family=\"DejaVu Sans, "
                      "Arial, sans-serif\" font-size=\"11\">\n";
    qc_metrics const & m = s.qc.metrics;
    std::string desc = "Reverse transcriptase rt1 to rt344. Covered: "
                       + (m.rt_first > 0 ? "rt" + std::to_string(m.rt_first) + " to rt" + std::to_string(m.rt_last)
                                         : std::string{"nothing"})
                       + ". " + std::to_string(s.mutations.size()) + " amino-acid changes (RT and HBsAg) are marked.";
    o += "<title id=\"rt-map-title\">Map of the RT region of " + esc(s.name) + "</title>\n";
    o += "<desc id=\"rt-map-desc\">" + esc(desc) + "</desc>\n";
    o += svg_text(8, l.bar_y + 15, "RT (rt1-rt344)", "font-weight=\"bold\"") + "\n";
    o += svg_text(8, l.s_y + 9, "HBsAg frame") + "\n";
    o += svg_text(8, l.key_y + 9, "resistance pos.") + "\n";
    return o;
}

// Coverage: the whole region as "not covered", then runs of the other states on top; then
// insertions and frameshifts.
void rt_coverage(std::string & o, gene_translation const & rt, geometry const & g, layout const & l)
{
    double const cw = g.cw();
    o += svg_rect(g.x(1), l.bar_y, g.width, l.bar_h, "#ffffff", "stroke=\"#9a9a9a\" stroke-dasharray=\"4 3\"") + "\n";
    o += "<g id=\"rt-coverage\">";
    for (auto const & [p, q, st] : covered_runs(rt, rt_info.n_codons))
    {
        std::string const title = "<title>rt" + std::to_string(p) + (q > p ? "-rt" + std::to_string(q) : "") + ": "
                                  + std::string{st == "called" ? "called" : st} + "</title>";
        o += "<rect class=\"cov-" + std::string{st} + "\" x=\"" + svg_number(g.x(p)) + "\" y=\"" + svg_number(l.bar_y)
             + "\" width=\"" + svg_number((q - p + 1) * cw) + "\" height=\"" + svg_number(l.bar_h) + "\" fill=\""
             + fill_of(st) + "\">" + title + "</rect>";
    }
    o += "</g>\n";
    for (codon_insertion const & i : rt.insertions)
    {
        double const x = g.x(i.after + 1);
        o += "<path d=\"M" + svg_number(x - 4) + " " + svg_number(l.bar_y - 7) + "h8l-4 7z\" fill=\""
             + std::string{i.in_frame ? "#111" : "#b3261e"} + "\"><title>insertion after rt" + std::to_string(i.after)
             + " (" + esc(i.bases) + ")</title></path>";
    }
    for (frameshift const & f : rt.frameshifts)
        o += "<g class=\"frameshift\"><title>frameshift (" + std::string(f.net_bases > 0 ? "+" : "")
             + std::to_string(f.net_bases) + " nt) at rt" + std::to_string(f.pos) + "</title>"
             + svg_text(g.x(f.pos) + cw / 2,
                        l.bar_y + l.bar_h + 9,
                        "fs",
                        "fill=\"#b3261e\" font-weight=\"bold\" font-size=\"9\" text-anchor=\"middle\"")
             + "</g>";
    o += "\n";
}

// HBsAg frame: s codon m overlaps rt m+8 (nt 2-3) and rt m+9 (nt 1); its coverage drawn the same way.
void s_coverage(std::string & o, gene_translation const & sg, geometry const & g, layout const & l)
{
    double const cw = g.cw();
    double const s_left = g.x(9) + cw / 3;
    o += svg_rect(
        s_left, l.s_y, (s_info.n_codons + 1) * cw, l.s_h, "#ffffff", "stroke=\"#9a9a9a\" stroke-dasharray=\"3 2\"");
    o += "<g id=\"s-coverage\">";
    for (auto const & [p, q, st] : covered_runs(sg, s_info.n_codons))
        o += svg_rect(s_left + (p - 1) * cw,
                      l.s_y,
                      (q - p + 1) * cw,
                      l.s_h,
                      st == "called" ? "#8fb3d6" : fill_of(st),
                      "class=\"cov-" + std::string{st} + "\"");
    o += "</g>\n";
}

// Resistance positions: filled when sequenced, open red when not.
void key_positions(
    std::string & o, gene_translation const & rt, std::vector<int> const & keys, geometry const & g, layout const & l)
{
    double const cw = g.cw();
    o += "<g id=\"resistance-positions\">";
    for (int const p : keys)
    {
        codon_call const & c = rt.at(p);
        bool const called = c.status == codon_status::called || c.status == codon_status::deleted;
        double const x = g.x(p) + cw / 2;
        std::string const title =
            "<title>rt" + std::to_string(p)
            + (called ? " sequenced" : " not sequenced (" + std::string{to_string(c.status)} + ")") + "</title>";
        if (called)
            o += "<path class=\"key\" d=\"M" + svg_number(x) + " " + svg_number(l.key_y) + "l4 9h-8z\" fill=\"#333\">"
                 + title + "</path>";
        else
            o += "<path class=\"key-missing\" d=\"M" + svg_number(x) + " " + svg_number(l.key_y)
                 + "l4 9h-8z\" fill=\"#fff\" stroke=\"#b3261e\" stroke-width=\"1.6\">" + title + "</path>";
    }
    o += "</g>\n";
}

constexpr double label_spacing = 16;

// The x of each slanted label: spread apart left to right (at least one text line apart), and
// kept inside the 960-wide picture (about 5 px of width per character).
std::vector<double> label_positions(std::vector<marker const *> const & labelled, geometry const & g)
{
    double const cw = g.cw();
    std::vector<double> label_x(labelled.size());
    for (std::size_t i = 0; i < labelled.size(); ++i)
        label_x[i] = std::max(g.x(labelled[i]->pos) + cw / 2, i == 0 ? 0.0 : label_x[i - 1] + label_spacing);
    for (std::size_t i = labelled.size(); i-- > 0;)
    {
        double const right = 952 - 5.2 * static_cast<double>(labelled[i]->label.size());
        label_x[i] =
            std::min(label_x[i], i + 1 == labelled.size() ? right : std::min(right, label_x[i + 1] - label_spacing));
    }
    return label_x;
}

// One labelled marker: a stem from the bar, a leader to the label, the label at 45 degrees.
std::string labelled_marker(marker const & mk, double const label_x, geometry const & g, layout const & l)
{
    constexpr double elbow = 12, leader = 30;
    std::string const colour = colour_of(mk.kind);
    double const x = g.x(mk.pos) + g.cw() / 2, ly = l.bar_y - leader;
    std::string o = "<g class=\"mut-" + mk.kind + "\"><title>" + esc(mk.label) + "</title><polyline points=\""
                    + svg_number(x) + "," + svg_number(l.bar_y) + " " + svg_number(x) + ","
                    + svg_number(l.bar_y - elbow) + " " + svg_number(label_x) + "," + svg_number(ly)
                    + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"1.3\"/>";
    o += "<circle cx=\"" + svg_number(label_x) + "\" cy=\"" + svg_number(ly) + "\" r=\"2.6\" fill=\"" + colour + "\"/>";
    o += svg_text(label_x + 3,
                  ly - 4,
                  mk.label,
                  "fill=\"" + colour + "\" transform=\"rotate(-45 " + svg_number(label_x + 3) + " " + svg_number(ly - 4)
                      + ")\"" + (mk.kind == "primary" || mk.kind == "stop" ? " font-weight=\"bold\"" : ""));
    return o + "</g>";
}

// Mutation markers. Labelled ones (resistance-associated, accessory, minority, HBsAg stops) get a
// stem and a label (neighbours such as rt180/rt181 never overlap); other changes are short grey
// ticks across the top of the bar.
void mutation_markers(std::string & o, std::vector<marker> const & marks, geometry const & g, layout const & l)
{
    double const cw = g.cw();
    std::vector<marker const *> labelled;
    o += "<g id=\"mutations\">";
    for (marker const & mk : marks)
    {
        if (mk.kind != "other")
        {
            labelled.push_back(&mk);
            continue;
        }
        double const x = g.x(mk.pos) + cw / 2;
        o += "<line class=\"mut-other\" x1=\"" + svg_number(x) + "\" y1=\"" + svg_number(l.bar_y - 5) + "\" x2=\""
             + svg_number(x) + "\" y2=\"" + svg_number(l.bar_y + 9) + "\" stroke=\"" + colour_of(mk.kind)
             + "\" stroke-width=\"1.3\"><title>" + esc(mk.label) + "</title></line>";
    }
    std::vector<double> const label_x = label_positions(labelled, g);
    for (std::size_t i = 0; i < labelled.size(); ++i)
        o += labelled_marker(*labelled[i], label_x[i], g, l);
    o += "</g>\n";
}

void axis(std::string & o, geometry const & g, layout const & l)
{
    double const cw = g.cw();
    o += "<g id=\"axis\" fill=\"#333\">";
    o += rt_line(g, l.axis_y - 10, "stroke=\"#333\"");
    for (int const t : {1, 50, 100, 150, 200, 250, 300, 344})
    {
        double const x = g.x(t) + cw / 2;
        o += "<line x1=\"" + svg_number(x) + "\" y1=\"" + svg_number(l.axis_y - 10) + "\" x2=\"" + svg_number(x)
             + "\" y2=\"" + svg_number(l.axis_y - 5) + "\" stroke=\"#333\"/>";
        o += svg_text(x, l.axis_y + 6, "rt" + std::to_string(t), "text-anchor=\"middle\"");
    }
    o += "</g>\n";
}

// NGS: depth along RT, linear from 0 to the highest depth, with the depth gate dashed.
void depth_track(
    std::string & o, gene_translation const & rt, report_options const & opts, geometry const & g, layout const & l)
{
    double const cw = g.cw();
    std::uint32_t max_depth = 0;
    for (codon_call const & c : rt.codons)
        if (c.has_depth)
            max_depth = std::max(max_depth, c.depth);
    double const top = std::max<double>(max_depth, opts.ngs_min_depth) * 1.05;
    auto dy = [&](double const d)
    {
        return l.depth_y + l.depth_h - l.depth_h * std::min(d, top) / top;
    };
    o += "<g id=\"depth\">";
    o += svg_text(8, l.depth_y + 12, "depth (reads)", "font-weight=\"bold\"");
    o += svg_text(8, l.depth_y + 26, "max " + grouped(max_depth));
    o += svg_rect(g.x(1), l.depth_y, g.width, l.depth_h, "#fafafa", "stroke=\"#ddd\"");
    std::string pts;
    for (int p = 1; p <= rt_info.n_codons; ++p)
    {
        codon_call const & c = rt.at(p);
        double const d = c.has_depth ? c.depth : 0.0;
        pts += svg_number(g.x(p)) + "," + svg_number(dy(d)) + " " + svg_number(g.x(p) + cw) + "," + svg_number(dy(d))
               + " ";
    }
    pts.pop_back();
    o += "<polygon points=\"" + svg_number(g.x(1)) + "," + svg_number(dy(0)) + " " + pts + " "
         + svg_number(g.x(rt_info.n_codons + 1)) + "," + svg_number(dy(0))
         + "\" fill=\"#cfdff0\" stroke=\"#4f7fb0\" stroke-width=\"1\"/>";
    double const gy = dy(opts.ngs_min_depth);
    o += rt_line(g, gy, "stroke=\"#b3261e\" stroke-dasharray=\"5 3\"");
    o += svg_text(g.x(rt_info.n_codons + 1) - 4,
                  gy - 3,
                  "minimum depth " + grouped(opts.ngs_min_depth),
                  "text-anchor=\"end\" fill=\"#b3261e\"");
    o += "</g>\n";
}

// The summed frequency of everything but the most frequent residue (the first of equals) at a
// codon, and those residues in words ("I 4.2%, V 8.3%"); 0 when there is no minority.
double minority_sum(codon_call const & c, std::string & what)
{
    if (!c.has_depth || c.freqs.size() < 2)
        return 0;
    std::size_t major = 0;
    for (std::size_t i = 1; i < c.freqs.size(); ++i)
        if (c.freqs[i].second > c.freqs[major].second)
            major = i;
    double sum = 0;
    for (std::size_t i = 0; i < c.freqs.size(); ++i)
        if (i != major && c.freqs[i].second > 0)
        {
            sum += c.freqs[i].second;
            what += (what.empty() ? "" : ", ") + std::string(1, c.freqs[i].first) + " " + percent(c.freqs[i].second);
        }
    return sum;
}

// NGS: minority frequencies, the non-majority residues of each position, 0-50 %, with the threshold.
void minority_track(std::string & o,
                    gene_translation const & rt,
                    std::vector<int> const & keys,
                    double const minority_below,
                    geometry const & g,
                    layout const & l)
{
    double const cw = g.cw();
    constexpr double scale_top = 0.5;
    auto fy = [&](double const f)
    {
        return l.minor_y + l.minor_h - l.minor_h * std::min(f, scale_top) / scale_top;
    };
    o += "<g id=\"minority\">";
    o += svg_text(8, l.minor_y + 12, "minority freq.", "font-weight=\"bold\"");
    o += svg_text(8, l.minor_y + 26, "0-50%");
    o += svg_rect(g.x(1), l.minor_y, g.width, l.minor_h, "#fafafa", "stroke=\"#ddd\"");
    for (int p = 1; p <= rt_info.n_codons; ++p)
    {
        std::string what;
        double const sum = minority_sum(rt.at(p), what);
        if (sum <= 0)
            continue;
        bool const key = std::find(keys.begin(), keys.end(), p) != keys.end();
        o += "<rect class=\"minor\" x=\"" + svg_number(g.x(p)) + "\" y=\"" + svg_number(fy(sum)) + "\" width=\""
             + svg_number(std::max(cw, 2.0)) + "\" height=\"" + svg_number(l.minor_y + l.minor_h - fy(sum))
             + "\" fill=\"" + (key ? "#7b3fa0" : "#8a8a8a") + "\"><title>rt" + std::to_string(p) + ": " + esc(what)
             + "</title></rect>";
        if (key)
            o += svg_text(g.x(p) + 4,
                          std::max(fy(sum) - 3, l.minor_y + 10),
                          "rt" + std::to_string(p) + " " + percent(sum),
                          "fill=\"#7b3fa0\"");
    }
    double const ty = fy(minority_below);
    o += rt_line(g, ty, "stroke=\"#7b3fa0\" stroke-dasharray=\"5 3\"");
    o += svg_text(g.x(rt_info.n_codons + 1) - 4,
                  ty - 3,
                  "minority threshold " + percent(minority_below),
                  "text-anchor=\"end\" fill=\"#7b3fa0\"");
    o += "</g>\n";
}

// The legend, in rows as wide as the picture; returns the y of its last row.
double legend(std::string & o, bool const ngs, layout const & l)
{
    struct item
    {
        std::string swatch, text;
    };
    std::vector<item> items{
        {svg_rect(0, -9, 14, 10, fill_of("called")), "called"},
        {svg_rect(0, -9, 14, 10, fill_of("ambiguous")), "ambiguous (N)"},
        {svg_rect(0, -9, 14, 10, fill_of("deleted")), "deleted"},
        {svg_rect(0, -9, 14, 10, "#ffffff", "stroke=\"#9a9a9a\" stroke-dasharray=\"3 2\""), "not covered"},
        {"<path d=\"M7 -10l4 9h-8z\" fill=\"#333\"/>", "resistance position"},
        {"<path d=\"M7 -10l4 9h-8z\" fill=\"#fff\" stroke=\"#b3261e\" stroke-width=\"1.6\"/>", "not sequenced"},
        {"<circle cx=\"7\" cy=\"-4\" r=\"3.5\" fill=\"#b3261e\"/>", "resistance"},
        {"<circle cx=\"7\" cy=\"-4\" r=\"3.5\" fill=\"#b45309\"/>", "accessory"},
        {"<circle cx=\"7\" cy=\"-4\" r=\"3.5\" fill=\"#111111\"/>", "HBsAg stop"},
        {"<line x1=\"7\" y1=\"-10\" x2=\"7\" y2=\"1\" stroke=\"#6a6a6a\" stroke-width=\"1.4\"/>", "other change"},
    };
    if (ngs)
        items.push_back({"<circle cx=\"7\" cy=\"-4\" r=\"3.5\" fill=\"#7b3fa0\"/>", "minority"});
    o += "<g id=\"legend\">";
    double lx = 8;
    double ly = l.legend_y;
    for (item const & it : items)
    {
        double const w = 22 + 6.4 * static_cast<double>(it.text.size()) + 14;
        if (lx + w > 955)
        {
            lx = 8;
            ly += 18;
        }
        o += "<g transform=\"translate(" + svg_number(lx) + " " + svg_number(ly) + ")\">" + it.swatch
             + svg_text(20, 0, it.text) + "</g>";
        lx += w;
    }
    o += "</g>\n";
    return ly;
}

} // namespace

std::string rt_map(sample_report const & s, report_view const & v, report_options const & opts)
{
    geometry const g;
    std::vector<marker> const marks = collect_markers(s, v);
    layout const l = make_layout(longest_label(marks), v.ngs);
    std::vector<int> const keys = resistance_keys(opts);

    std::string o = svg_open(s, l);
    rt_coverage(o, s.calls.rt, g, l);
    s_coverage(o, s.calls.s, g, l);
    key_positions(o, s.calls.rt, keys, g, l);
    mutation_markers(o, marks, g, l);
    axis(o, g, l);
    if (v.ngs)
    {
        depth_track(o, s.calls.rt, opts, g, l);
        minority_track(o, s.calls.rt, keys, v.minority_below, g, l);
    }
    double const last_row = legend(o, v.ngs, l);
    o += "</svg>";
    // The legend may have needed a second row: keep the viewBox tall enough (replace the height).
    double const needed = last_row + 14;
    if (needed > l.height)
    {
        std::string const from = "viewBox=\"0 0 960 " + svg_number(l.height) + "\"";
        o.replace(o.find(from), from.size(), "viewBox=\"0 0 960 " + svg_number(needed) + "\"");
    }
    return o;
}

} // namespace hbvdr::detail
