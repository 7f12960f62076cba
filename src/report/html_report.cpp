#include <algorithm>
#include <cmath>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/json_fields.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/json_report.hpp>
#include <hbvdr/report/tables.hpp>

#include "report_view.hpp"
#include <nlohmann/json.hpp>

namespace hbvdr
{

std::string html_escape(std::string_view const text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char const c : text)
    {
        auto const u = static_cast<unsigned char>(c);
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            if (u < 0x20 || u == 0x7F)
                out += c == '\t' || c == '\n' || c == '\r' ? std::string{" "} : std::string{"\xEF\xBF\xBD"};
            else
                out.push_back(c);
        }
    }
    return out;
}

namespace
{

using namespace hbvdr::detail;

std::string esc(std::string_view const s)
{
    return html_escape(s);
}

std::string_view level_class(drug_level const l) noexcept
{
    switch (l)
    {
    case drug_level::S:
        return "lv-s";
    case drug_level::I:
        return "lv-i";
    case drug_level::R:
        return "lv-r";
    case drug_level::insufficient_data:
        return "lv-x";
    }
    return "lv-x";
}

std::string_view level_letter(drug_level const l) noexcept
{
    switch (l)
    {
    case drug_level::S:
        return "S";
    case drug_level::I:
        return "I";
    case drug_level::R:
        return "R";
    case drug_level::insufficient_data:
        return "?";
    }
    return "?";
}

// Colours chosen to stay apart for the common colour-vision deficiencies and in grey print; every
// level is also written in words (and the border style differs), so colour is never the only cue.
constexpr std::string_view css = R"(
:root{--ink:#1a1a1a;--muted:#555;--line:#c8c8c8;--r:#b3261e;--i:#b45309;--s:#1f6f3f;--x:#5f5f5f}
*{box-sizing:border-box}
body{margin:0 auto;max-width:60rem;padding:1.2rem 1.5rem 2rem;font:15px/1.45 system-ui,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;color:var(--ink);background:#fff}
h1{font-size:1.45rem;margin:0 0 .6rem}
h2{font-size:1.1rem;margin:1.6rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid var(--ink)}
h3{font-size:.95rem;margin:.9rem 0 .3rem}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}
.meta dt{font-weight:600}
.meta dd{margin:0;overflow-wrap:anywhere}
ul{margin:.2rem 0 .4rem;padding-left:1.3rem}
li{margin:.1rem 0}
.inline{list-style:none;padding-left:0;display:flex;flex-wrap:wrap;gap:.25rem .5rem}
.inline li{border:1px solid var(--line);border-radius:3px;padding:0 .35rem;font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.9em}
.inline li.alert{border-color:var(--r);border-width:2px;font-weight:700}
.qc{list-style:none;padding:0}
.qc li{display:flex;gap:.6rem;align-items:baseline}
.tag{display:inline-block;min-width:5.6rem;text-align:center;font-size:.78rem;font-weight:700;letter-spacing:.04em;border-radius:3px;padding:0 .3rem;border:1px solid currentColor}
.q-critical{background:#7f1d1d;color:#fff;border-color:#7f1d1d}
.q-severe{background:#fde2e1;color:#8a1c14}
.q-warning{background:#fff1d6;color:#7a4a00}
.q-note{background:#f2f2f2;color:#444}
.status{font-weight:700}
table{border-collapse:collapse;width:100%;margin:.3rem 0}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
thead th{background:#f2f2f2}
td.muts{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.88em}
.code{font-weight:700;display:inline-block;min-width:2.6rem}
.lv{display:inline-block;padding:.05rem .45rem;border-radius:3px;font-weight:700;white-space:nowrap}
.lv-r{background:var(--r);color:#fff;border:2px solid var(--r)}
.lv-i{background:#fde9c8;color:#6b3300;border:2px solid var(--i)}
.lv-s{background:#e3f2e7;color:var(--s);border:1px solid var(--s)}
.lv-x{background:#fff;color:#333;border:2px dashed var(--x)}
.mark{font-size:.8em;color:var(--muted);margin-left:.3rem}
.note{color:var(--muted);font-size:.9em}
.none{color:var(--muted)}
figure{margin:.4rem 0}
figure svg{width:100%;height:auto;display:block;border:1px solid var(--line)}
figcaption{font-size:.85em;color:var(--muted)}
body.index{max-width:96rem}
.index td,.index th{font-size:.92em}
.nowrap{white-space:nowrap}
th .note{font-weight:400}
.disclaimer{margin-top:1.8rem;padding:.6rem .8rem;border:2px solid var(--ink);font-weight:600}
.bottom-line{border:2px solid var(--ink);padding:.1rem .9rem .3rem;margin-top:1rem}
.bottom-line h2{border-bottom:none;margin-top:.6rem}
.bottom-line p{margin:.3rem 0;font-weight:600}
details summary{cursor:pointer;font-weight:600;margin:.6rem 0 .3rem}
.other-set{color:var(--i)}
footer{font-size:.85em;color:var(--muted);margin-top:.6rem}
.sources dt{font-weight:600}
.sources dd{margin:0 0 .3rem 1.2rem;font-size:.9em}
a{color:#0b4f9c}
@page{size:A4;margin:14mm}
@media print{
 body{max-width:none;padding:0;font-size:10pt}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 h2{break-after:avoid}
 section,figure,tr,li{break-inside:avoid}
 a{color:inherit;text-decoration:none}
}
)";

constexpr std::string_view index_css = R"(.num{white-space:nowrap}
#cohort figure svg{max-width:60rem}
#cohort table{width:auto}
)";

std::string page_head(std::string const & title, report_options const & opts, std::string_view const body_class = {})
{
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"hbvdr" + esc(opts.tool_version.empty() ? "" : " " + opts.tool_version)
           + "\">\n";
    // The run index adds the cohort section's few rules (the sample pages stay as they are).
    std::string const extra = body_class == "index" ? std::string{index_css} : std::string{};
    out += "<title>" + esc(title) + "</title>\n<style>" + std::string{css} + extra + "</style>\n</head>\n"
           + (body_class.empty() ? std::string{"<body>\n"} : "<body class=\"" + std::string{body_class} + "\">\n");
    return out;
}

// ---------------------------------------------------------------------------------------------
// The RT map (inline SVG). Coordinates: rt codon p spans [x(p), x(p) + cw) in a 960-wide viewBox.

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

std::string rt_map(sample_report const & s, report_view const & v, report_options const & opts)
{
    geometry const g;
    double const cw = g.cw();
    bool const ngs = v.ngs;
    std::vector<marker> marks;
    for (mutation_row const & r : s.mutations)
    {
        aa_mutation const & mu = r.mutation;
        bool const substitution = mu.kind == mutation_kind::substitution || mu.kind == mutation_kind::mixture;
        if (mu.g == gene::rt)
        {
            std::string kind = "other";
            if (s.interpreted)
                for (finding const & f : s.interp.findings)
                    if (f.g == gene::rt && f.pos == mu.pos && !f.native) // native residues are polymorphisms
                        kind = f.kind == "primary"
                                   ? "primary"
                                   : (f.kind == "secondary" || f.kind == "putative" ? "accessory" : "other");
            std::string label = mu.label();
            codon_call const & c = s.calls.rt.at(mu.pos);
            if (substitution && c.has_depth)
            {
                // NGS: the non-reference residues and their summed frequency ("rtM204V 8.3%").
                std::string residues;
                double f = 0;
                for (char const aa : mu.aa.to_string())
                    if (aa != mu.ref)
                    {
                        residues.push_back(aa);
                        for (auto const & [a, fr] : c.freqs)
                            f += a == aa ? fr : 0.0;
                    }
                label = "rt" + std::string(1, mu.ref) + std::to_string(mu.pos) + residues + " " + percent(f);
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
    std::size_t longest = 0;
    for (marker const & mk : marks)
        if (mk.kind != "other")
            longest = std::max(longest, mk.label.size());
    // Vertical layout: labels at 45 degrees above the bar (about 5 px of height per character), then the tracks.
    double const bar_y = std::round(std::max(60.0, 42 + 5.2 * static_cast<double>(longest))), bar_h = 22,
                 s_y = bar_y + 32, s_h = 10, key_y = bar_y + 50, axis_y = bar_y + 78;
    double const depth_y = axis_y + 26, depth_h = 80, minor_y = depth_y + 110, minor_h = 60;
    double const legend_y = ngs ? minor_y + minor_h + 26 : axis_y + 26;
    double const height = legend_y + 40;

    std::string o;
    // Inline SVG in HTML5 needs no xmlns (and the page then holds no URL at all).
    o += "<svg id=\"rt-map\" viewBox=\"0 0 960 " + svg_number(height)
         + "\" role=\"img\" aria-labelledby=\"rt-map-title rt-map-desc\" font-family=\"DejaVu Sans, Arial, "
           "sans-serif\" font-size=\"11\">\n";
    qc_metrics const & m = s.qc.metrics;
    std::string desc = "Reverse transcriptase rt1 to rt344. Covered: "
                       + (m.rt_first > 0 ? "rt" + std::to_string(m.rt_first) + " to rt" + std::to_string(m.rt_last)
                                         : std::string{"nothing"})
                       + ". " + std::to_string(s.mutations.size()) + " amino-acid changes (RT and HBsAg) are marked.";
    o += "<title id=\"rt-map-title\">Map of the RT region of " + esc(s.name) + "</title>\n";
    o += "<desc id=\"rt-map-desc\">" + esc(desc) + "</desc>\n";

    // Track labels.
    o += svg_text(8, bar_y + 15, "RT (rt1-rt344)", "font-weight=\"bold\"") + "\n";
    o += svg_text(8, s_y + 9, "HBsAg frame") + "\n";
    o += svg_text(8, key_y + 9, "resistance pos.") + "\n";

    // Coverage: the whole region as "not covered", then runs of the other states on top.
    o += svg_rect(g.x(1), bar_y, g.width, bar_h, "#ffffff", "stroke=\"#9a9a9a\" stroke-dasharray=\"4 3\"") + "\n";
    o += "<g id=\"rt-coverage\">";
    gene_translation const & rt = s.calls.rt;
    for (int p = 1; p <= rt_info.n_codons;)
    {
        std::string_view const st = to_string(rt.at(p).status);
        int q = p;
        while (q + 1 <= rt_info.n_codons && to_string(rt.at(q + 1).status) == st)
            ++q;
        if (st != "not_covered")
        {
            std::string const title = "<title>rt" + std::to_string(p) + (q > p ? "-rt" + std::to_string(q) : "") + ": "
                                      + std::string{st == "called" ? "called" : st} + "</title>";
            o += "<rect class=\"cov-" + std::string{st} + "\" x=\"" + svg_number(g.x(p)) + "\" y=\"" + svg_number(bar_y)
                 + "\" width=\"" + svg_number((q - p + 1) * cw) + "\" height=\"" + svg_number(bar_h) + "\" fill=\""
                 + fill_of(st) + "\">" + title + "</rect>";
        }
        p = q + 1;
    }
    o += "</g>\n";
    // Insertions and frameshifts.
    for (codon_insertion const & i : rt.insertions)
    {
        double const x = g.x(i.after + 1);
        o += "<path d=\"M" + svg_number(x - 4) + " " + svg_number(bar_y - 7) + "h8l-4 7z\" fill=\""
             + std::string{i.in_frame ? "#111" : "#b3261e"} + "\"><title>insertion after rt" + std::to_string(i.after)
             + " (" + esc(i.bases) + ")</title></path>";
    }
    for (frameshift const & f : rt.frameshifts)
        o += "<g class=\"frameshift\"><title>frameshift (" + std::string(f.net_bases > 0 ? "+" : "")
             + std::to_string(f.net_bases) + " nt) at rt" + std::to_string(f.pos) + "</title>"
             + svg_text(g.x(f.pos) + cw / 2,
                        bar_y + bar_h + 9,
                        "fs",
                        "fill=\"#b3261e\" font-weight=\"bold\" font-size=\"9\" text-anchor=\"middle\"")
             + "</g>";
    o += "\n";

    // HBsAg frame: s codon m overlaps rt m+8 (nt 2-3) and rt m+9 (nt 1); draw its coverage the same way.
    double const s_left = g.x(9) + cw / 3;
    o += svg_rect(
        s_left, s_y, (s_info.n_codons + 1) * cw, s_h, "#ffffff", "stroke=\"#9a9a9a\" stroke-dasharray=\"3 2\"");
    o += "<g id=\"s-coverage\">";
    gene_translation const & sg = s.calls.s;
    for (int p = 1; p <= s_info.n_codons;)
    {
        std::string_view const st = to_string(sg.at(p).status);
        int q = p;
        while (q + 1 <= s_info.n_codons && to_string(sg.at(q + 1).status) == st)
            ++q;
        if (st != "not_covered")
            o += svg_rect(s_left + (p - 1) * cw,
                          s_y,
                          (q - p + 1) * cw,
                          s_h,
                          st == "called" ? "#8fb3d6" : fill_of(st),
                          "class=\"cov-" + std::string{st} + "\"");
        p = q + 1;
    }
    o += "</g>\n";

    // Resistance positions: filled when sequenced, open red when not.
    std::vector<int> keys;
    for (int const p : opts.resistance_positions)
        if (p >= 1 && p <= rt_info.n_codons && std::find(keys.begin(), keys.end(), p) == keys.end())
            keys.push_back(p);
    std::sort(keys.begin(), keys.end());
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
            o += "<path class=\"key\" d=\"M" + svg_number(x) + " " + svg_number(key_y) + "l4 9h-8z\" fill=\"#333\">"
                 + title + "</path>";
        else
            o += "<path class=\"key-missing\" d=\"M" + svg_number(x) + " " + svg_number(key_y)
                 + "l4 9h-8z\" fill=\"#fff\" stroke=\"#b3261e\" stroke-width=\"1.6\">" + title + "</path>";
    }
    o += "</g>\n";

    // Mutation markers. Labelled ones (resistance-associated, accessory, minority, HBsAg stops)
    // get a stem from the bar and a leader to a label written at 45 degrees; labels are spread
    // apart left to right (at least one text line apart), so neighbours such as rt180/rt181 never
    // overlap. Other changes are short grey ticks across the top of the bar.
    auto colour_of = [](std::string const & kind) -> std::string
    {
        return kind == "primary"     ? "#b3261e"
               : kind == "accessory" ? "#b45309"
               : kind == "minority"  ? "#7b3fa0"
               : kind == "stop"      ? "#111111"
                                     : "#6a6a6a";
    };
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
        o += "<line class=\"mut-other\" x1=\"" + svg_number(x) + "\" y1=\"" + svg_number(bar_y - 5) + "\" x2=\""
             + svg_number(x) + "\" y2=\"" + svg_number(bar_y + 9) + "\" stroke=\"" + colour_of(mk.kind)
             + "\" stroke-width=\"1.3\"><title>" + esc(mk.label) + "</title></line>";
    }
    constexpr double spacing = 16, elbow = 12, leader = 30;
    std::vector<double> label_x(labelled.size());
    for (std::size_t i = 0; i < labelled.size(); ++i)
        label_x[i] = std::max(g.x(labelled[i]->pos) + cw / 2, i == 0 ? 0.0 : label_x[i - 1] + spacing);
    // Keep each slanted label inside the 960-wide picture (about 5 px of width per character).
    for (std::size_t i = labelled.size(); i-- > 0;)
    {
        double const right = 952 - 5.2 * static_cast<double>(labelled[i]->label.size());
        label_x[i] = std::min(label_x[i], i + 1 == labelled.size() ? right : std::min(right, label_x[i + 1] - spacing));
    }
    for (std::size_t i = 0; i < labelled.size(); ++i)
    {
        marker const & mk = *labelled[i];
        std::string const colour = colour_of(mk.kind);
        double const x = g.x(mk.pos) + cw / 2, ly = bar_y - leader;
        o += "<g class=\"mut-" + mk.kind + "\"><title>" + esc(mk.label) + "</title><polyline points=\"" + svg_number(x)
             + "," + svg_number(bar_y) + " " + svg_number(x) + "," + svg_number(bar_y - elbow) + " "
             + svg_number(label_x[i]) + "," + svg_number(ly) + "\" fill=\"none\" stroke=\"" + colour
             + "\" stroke-width=\"1.3\"/>";
        o += "<circle cx=\"" + svg_number(label_x[i]) + "\" cy=\"" + svg_number(ly) + "\" r=\"2.6\" fill=\"" + colour
             + "\"/>";
        o += svg_text(label_x[i] + 3,
                      ly - 4,
                      mk.label,
                      "fill=\"" + colour + "\" transform=\"rotate(-45 " + svg_number(label_x[i] + 3) + " "
                          + svg_number(ly - 4) + ")\""
                          + (mk.kind == "primary" || mk.kind == "stop" ? " font-weight=\"bold\"" : ""));
        o += "</g>";
    }
    o += "</g>\n";

    // Axis.
    o += "<g id=\"axis\" fill=\"#333\">";
    o += "<line x1=\"" + svg_number(g.x(1)) + "\" y1=\"" + svg_number(axis_y - 10) + "\" x2=\""
         + svg_number(g.x(rt_info.n_codons + 1)) + "\" y2=\"" + svg_number(axis_y - 10) + "\" stroke=\"#333\"/>";
    for (int const t : {1, 50, 100, 150, 200, 250, 300, 344})
    {
        double const x = g.x(t) + cw / 2;
        o += "<line x1=\"" + svg_number(x) + "\" y1=\"" + svg_number(axis_y - 10) + "\" x2=\"" + svg_number(x)
             + "\" y2=\"" + svg_number(axis_y - 5) + "\" stroke=\"#333\"/>";
        o += svg_text(x, axis_y + 6, "rt" + std::to_string(t), "text-anchor=\"middle\"");
    }
    o += "</g>\n";

    if (ngs)
    {
        // Depth along RT, linear from 0 to the highest depth, with the depth gate dashed.
        std::uint32_t max_depth = 0;
        for (codon_call const & c : rt.codons)
            if (c.has_depth)
                max_depth = std::max(max_depth, c.depth);
        double const top = std::max<double>(max_depth, opts.ngs_min_depth) * 1.05;
        auto dy = [&](double const d)
        {
            return depth_y + depth_h - depth_h * std::min(d, top) / top;
        };
        o += "<g id=\"depth\">";
        o += svg_text(8, depth_y + 12, "depth (reads)", "font-weight=\"bold\"");
        o += svg_text(8, depth_y + 26, "max " + grouped(max_depth));
        o += svg_rect(g.x(1), depth_y, g.width, depth_h, "#fafafa", "stroke=\"#ddd\"");
        std::string pts;
        for (int p = 1; p <= rt_info.n_codons; ++p)
        {
            codon_call const & c = rt.at(p);
            double const d = c.has_depth ? c.depth : 0.0;
            pts += svg_number(g.x(p)) + "," + svg_number(dy(d)) + " " + svg_number(g.x(p) + cw) + ","
                   + svg_number(dy(d)) + " ";
        }
        pts.pop_back();
        o += "<polygon points=\"" + svg_number(g.x(1)) + "," + svg_number(dy(0)) + " " + pts + " "
             + svg_number(g.x(rt_info.n_codons + 1)) + "," + svg_number(dy(0))
             + "\" fill=\"#cfdff0\" stroke=\"#4f7fb0\" stroke-width=\"1\"/>";
        double const gy = dy(opts.ngs_min_depth);
        o += "<line x1=\"" + svg_number(g.x(1)) + "\" y1=\"" + svg_number(gy) + "\" x2=\""
             + svg_number(g.x(rt_info.n_codons + 1)) + "\" y2=\"" + svg_number(gy)
             + "\" stroke=\"#b3261e\" stroke-dasharray=\"5 3\"/>";
        o += svg_text(g.x(rt_info.n_codons + 1) - 4,
                      gy - 3,
                      "minimum depth " + grouped(opts.ngs_min_depth),
                      "text-anchor=\"end\" fill=\"#b3261e\"");
        o += "</g>\n";

        // Minority frequencies: the non-majority residues of each position, 0-50 %.
        constexpr double scale_top = 0.5;
        auto fy = [&](double const f)
        {
            return minor_y + minor_h - minor_h * std::min(f, scale_top) / scale_top;
        };
        o += "<g id=\"minority\">";
        o += svg_text(8, minor_y + 12, "minority freq.", "font-weight=\"bold\"");
        o += svg_text(8, minor_y + 26, "0-50%");
        o += svg_rect(g.x(1), minor_y, g.width, minor_h, "#fafafa", "stroke=\"#ddd\"");
        for (int p = 1; p <= rt_info.n_codons; ++p)
        {
            codon_call const & c = rt.at(p);
            if (!c.has_depth || c.freqs.size() < 2)
                continue;
            // Everything but the most frequent residue (the first of equals) is minority.
            std::size_t major = 0;
            for (std::size_t i = 1; i < c.freqs.size(); ++i)
                if (c.freqs[i].second > c.freqs[major].second)
                    major = i;
            std::string what;
            double sum = 0;
            for (std::size_t i = 0; i < c.freqs.size(); ++i)
                if (i != major && c.freqs[i].second > 0)
                {
                    sum += c.freqs[i].second;
                    what += (what.empty() ? "" : ", ") + std::string(1, c.freqs[i].first) + " "
                            + percent(c.freqs[i].second);
                }
            if (sum <= 0)
                continue;
            bool const key = std::find(keys.begin(), keys.end(), p) != keys.end();
            o += "<rect class=\"minor\" x=\"" + svg_number(g.x(p)) + "\" y=\"" + svg_number(fy(sum)) + "\" width=\""
                 + svg_number(std::max(cw, 2.0)) + "\" height=\"" + svg_number(minor_y + minor_h - fy(sum))
                 + "\" fill=\"" + (key ? "#7b3fa0" : "#8a8a8a") + "\"><title>rt" + std::to_string(p) + ": " + esc(what)
                 + "</title></rect>";
            if (key)
                o += svg_text(g.x(p) + 4,
                              std::max(fy(sum) - 3, minor_y + 10),
                              "rt" + std::to_string(p) + " " + percent(sum),
                              "fill=\"#7b3fa0\"");
        }
        double const ty = fy(v.minority_below);
        o += "<line x1=\"" + svg_number(g.x(1)) + "\" y1=\"" + svg_number(ty) + "\" x2=\""
             + svg_number(g.x(rt_info.n_codons + 1)) + "\" y2=\"" + svg_number(ty)
             + "\" stroke=\"#7b3fa0\" stroke-dasharray=\"5 3\"/>";
        o += svg_text(g.x(rt_info.n_codons + 1) - 4,
                      ty - 3,
                      "minority threshold " + percent(v.minority_below),
                      "text-anchor=\"end\" fill=\"#7b3fa0\"");
        o += "</g>\n";
    }

    // Legend.
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
    double ly = legend_y;
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
    o += "</g>\n</svg>";
    // The legend may have needed a second row: keep the viewBox tall enough (replace the height).
    double const needed = ly + 14;
    if (needed > height)
    {
        std::string const from = "viewBox=\"0 0 960 " + svg_number(height) + "\"";
        o.replace(o.find(from), from.size(), "viewBox=\"0 0 960 " + svg_number(needed) + "\"");
    }
    return o;
}

// ---------------------------------------------------------------------------------------------

std::string evidence_mark(std::string const & e)
{
    if (e.empty())
        return {};
    return "<span class=\"mark\" title=\"" + esc(evidence_text(e)) + "\">[" + esc(e) + "]</span>";
}

std::string level_badge(drug_level const l)
{
    return "<span class=\"lv " + std::string{level_class(l)} + "\">" + std::string{describe(l)} + "</span>";
}

void header(std::string & o, report_view const & v)
{
    o += "<header>\n<h1>HBV genotypic drug-resistance report</h1>\n<dl class=\"meta\" id=\"report-header\">\n";
    for (view_field const & f : v.header)
        o += "<dt>" + esc(f.label) + "</dt><dd>" + esc(f.value) + "</dd>\n";
    o += "</dl>\n</header>\n";
}

void qc_list(std::string & o, std::vector<qc_message> const & msgs)
{
    o += "<ul class=\"qc\">\n";
    for (qc_message const & m : msgs)
    {
        std::string const lvl{to_string(m.level)};
        std::string upper = lvl;
        for (char & c : upper)
            c = static_cast<char>(c - 'a' + 'A');
        o += "<li><span class=\"tag q-" + lvl + "\">" + upper + "</span><span>" + esc(m.text) + "</span></li>\n";
    }
    o += "</ul>\n";
}

void inline_list(std::string & o, std::vector<view_item> const & items)
{
    o += "<ul class=\"inline\">";
    for (view_item const & i : items)
        o += std::string{i.alert ? "<li class=\"alert\">" : "<li>"} + esc(i.text) + "</li>";
    o += "</ul>\n";
}

void mutations(std::string & o, report_view const & v)
{
    o += "<section id=\"mutations\">\n<h2>RT mutations (reverse transcriptase, Stuyver numbering)</h2>\n";
    if (v.rt_groups.empty())
        o +=
            "<p class=\"none\">None: no amino-acid difference from the genotype reference in the region covered.</p>\n";
    else
        o += "<p class=\"note\">" + esc(v.rt_legend) + ".</p>\n";
    for (view_group const & g : v.rt_groups)
    {
        o += "<h3>" + esc(g.title) + "</h3>\n";
        inline_list(o, g.items);
    }
    o += "</section>\n<section id=\"hbsag\">\n<h2>HBsAg (S gene) findings</h2>\n";
    if (v.s_groups.empty())
        o += "<p class=\"none\">None: no amino-acid difference in HBsAg in the region covered.</p>\n";
    for (view_group const & g : v.s_groups)
    {
        o += "<h3>" + esc(g.title) + "</h3>\n";
        if (g.compact)
            inline_list(o, g.items);
        else
        {
            o += "<ul>";
            for (view_item const & i : g.items)
                o += std::string{i.alert ? "<li><strong>" : "<li>"} + esc(i.text) + (i.alert ? "</strong>" : "")
                     + "</li>";
            o += "</ul>\n";
        }
    }
    o += "</section>\n";
}

void drugs(std::string & o, report_view const & v)
{
    o += "<section id=\"drugs\">\n<h2>Drug susceptibility (" + esc(v.db_short) + "; rule set " + esc(v.rule_set)
         + ")</h2>\n";
    o += "<table id=\"drug-table\" class=\"drugs\">\n<thead><tr><th scope=\"col\">Drug</th><th scope=\"col\">Level</th>"
         "<th scope=\"col\">Mutations responsible</th><th scope=\"col\">Accessory, missing positions, "
         "notes</th></tr></thead>\n<tbody>\n";
    for (view_drug const & d : v.drugs)
    {
        o += "<tr class=\"row-" + std::string{level_class(d.level)} + "\"><th scope=\"row\"><span class=\"code\">"
             + esc(d.code) + "</span> " + esc(d.name) + "</th>";
        o += "<td>" + level_badge(d.level) + evidence_mark(d.evidence) + "</td>";
        o += "<td class=\"muts\">" + esc(join(d.mutations, ", ")) + "</td><td>";
        std::vector<std::string> notes;
        if (d.majority_level)
            notes.push_back(esc(std::string{describe(*d.majority_level)} + " from the majority variants alone"));
        if (!d.accessory.empty())
            notes.push_back("accessory: <span class=\"muts\">" + esc(join(d.accessory, ", ")) + "</span>");
        if (!d.missing.empty())
            notes.push_back("missing: " + esc(join(d.missing, ", ")));
        if (!d.follows.empty())
            notes.push_back(esc("scored with the " + d.follows + " rules"));
        if (!d.set_note.empty())
            notes.push_back(esc(d.set_note));
        for (std::string const & x : d.other_sets)
            notes.push_back("<span class=\"other-set\">other source: " + esc(x) + "</span>");
        o += join(notes, "<br>") + "</td></tr>\n";
    }
    o += "</tbody>\n</table>\n";
    o += "<p class=\"note\">Levels: susceptible, reduced susceptibility, resistant; insufficient data = a position "
         "that could change "
         "the call is not sequenced or ambiguous (never reported as susceptible).</p>\n</section>\n";

    o += "<section id=\"remaining\">\n<h2>Drugs predicted to remain effective</h2>\n";
    if (v.remaining.empty())
        o += "<p>None of the interpreted drugs is predicted susceptible.</p>\n";
    else
        o += "<p>" + esc(join(v.remaining, ", ")) + "</p>\n";
    if (!v.not_assessable.empty())
        o += "<p>Not assessable (insufficient data): " + esc(join(v.not_assessable, ", ")) + "</p>\n";
    o += "</section>\n";
}

void options(std::string & o, report_view const & v)
{
    o += "<section id=\"salvage\">\n<h2>Guideline options for this pattern (decision support, not a "
         "prescription)</h2>\n";
    auto items = [&o](std::vector<view_salvage> const & list)
    {
        o += "<ul>\n";
        for (view_salvage const & x : list)
            o += "<li>" + esc(x.recommendation) + " Source: <strong>" + esc(x.guideline) + "</strong>"
                 + (x.superseded_by.empty() ? "" : " (superseded by " + esc(x.superseded_by) + ")")
                 + evidence_mark(x.evidence) + "</li>\n";
        o += "</ul>\n";
    };
    if (v.salvage.empty() && v.salvage_older.empty())
        o += "<p>No resistance-specific guideline option applies to this pattern.</p>\n";
    else if (v.currency_known)
        o += v.salvage.empty() ? "<h3 id=\"current-guidelines\">Current guidelines</h3>\n<p>No option for this "
                                 "pattern.</p>\n"
                               : "<h3 id=\"current-guidelines\">Current guidelines</h3>\n";
    if (!v.salvage.empty())
        items(v.salvage);
    if (!v.salvage_older.empty())
    {
        // Superseded guidance stays available but collapsed, so that it is not read as current.
        o += "<details id=\"older-guidelines\">\n<summary>Older guidelines (superseded; "
             + std::to_string(v.salvage_older.size()) + (v.salvage_older.size() == 1 ? " option" : " options")
             + ")</summary>\n";
        items(v.salvage_older);
        o += "</details>\n";
    }
    if (!v.sources.empty())
    {
        o += "<h3>Sources</h3>\n<dl class=\"sources\">\n";
        for (view_field const & f : v.sources)
            o += "<dt>" + esc(f.label) + "</dt><dd>" + esc(f.value) + "</dd>\n";
        o += "</dl>\n";
    }
    o += "</section>\n";
    if (!v.cautions.empty())
    {
        o += "<section id=\"cautions\">\n<h2>Cautions</h2>\n<ul>\n";
        for (std::string const & c : v.cautions)
            o += "<li>" + esc(c) + "</li>\n";
        o += "</ul>\n</section>\n";
    }
    if (!v.comments.empty())
    {
        o += "<section id=\"comments\">\n<h2>Comments</h2>\n<ul>\n";
        for (view_comment const & c : v.comments)
            o += "<li><strong>" + esc(c.label) + "</strong>: " + esc(c.text) + evidence_mark(c.evidence) + "</li>\n";
        o += "</ul>\n</section>\n";
    }
}

void ngs(std::string & o, report_view const & v)
{
    o += "<section id=\"ngs\">\n<h2>Deep sequencing: minority variants</h2>\n";
    for (std::string const & n : v.ngs_notes)
        o += "<p>" + esc(n) + "</p>\n";
    if (v.minority.empty())
        o += "<p>No minority variant decides a drug level.</p>\n";
    else
    {
        o += "<h3>Minority resistance (affected drugs after the colon)</h3>\n<ul>";
        for (view_item const & i : v.minority)
            o += "<li><strong>" + esc(i.text) + "</strong></li>";
        o += "</ul>\n";
    }
    if (!v.linked.empty())
    {
        o += "<h3>" + esc(linked_title) + "</h3>\n<ul>";
        for (view_item const & i : v.linked)
            o += i.alert ? "<li><strong>" + esc(i.text) + "</strong></li>" : "<li>" + esc(i.text) + "</li>";
        o += "</ul>\n";
    }
    o += "</section>\n";
}

void footer(std::string & o, report_view const & v)
{
    if (v.evidence_marks)
        o += "<p class=\"note\">" + esc(evidence_legend) + "</p>\n";
    o += "<p class=\"disclaimer\" id=\"disclaimer\">" + esc(decision_support_disclaimer) + "</p>\n";
    o += "<footer>" + esc(v.footer) + "</footer>\n</body>\n</html>\n";
}

// A relative link target, percent-encoded; empty when `href` is absolute or has a scheme.
std::string link_target(std::string const & href)
{
    if (href.empty() || href.front() == '/' || href.front() == '\\')
        return {};
    std::size_t const colon = href.find(':'), slash = href.find('/');
    if (colon != std::string::npos && (slash == std::string::npos || colon < slash))
        return {};
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char const c : href)
    {
        auto const u = static_cast<unsigned char>(c);
        bool const keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                          || c == '.' || c == '_' || c == '~' || c == '/';
        if (keep)
            out.push_back(c);
        else
        {
            out.push_back('%');
            out.push_back(hex[u >> 4]);
            out.push_back(hex[u & 15]);
        }
    }
    return out;
}

} // namespace

std::string html_report(sample_report const & sample, report_options const & opts)
{
    report_view const v = make_view(sample, opts);
    std::string o = page_head("HBV resistance report: " + sample.name, opts);
    header(o, v);
    if (!v.analysed)
    {
        o += "<section id=\"result\">\n<h2>Result: not analysed</h2>\n<p>This sample could not be analysed: <strong>"
             + esc(v.error) + "</strong></p>\n";
        if (!v.qc.empty())
            qc_list(o, v.qc);
        o += "<p>No drug-resistance prediction is made for it.</p>\n</section>\n";
        footer(o, v);
        return o;
    }
    if (v.interpreted)
    {
        o += "<section id=\"bottom-line\" class=\"bottom-line\">\n<h2>Bottom line <span class=\"note\">(decision "
             "support, not a prescription)</span></h2>\n";
        for (std::string const & b : v.bottom_line)
            o += "<p>" + esc(b) + "</p>\n";
        o += "</section>\n";
    }
    o += "<section id=\"quality\">\n<h2>Sequence quality assessment: <span class=\"status\">" + esc(v.qc_status)
         + "</span></h2>\n";
    if (v.qc.empty())
        o += "<p>No quality problems found.</p>\n";
    else
        qc_list(o, v.qc);
    o += "</section>\n";
    o += "<section id=\"region\">\n<h2>RT region map</h2>\n<figure>\n" + rt_map(sample, v, opts)
         + "\n<figcaption>rt1-rt344 with the "
           "codons covered (gaps dashed), the HBsAg reading frame, resistance positions (open red triangles: not "
           "sequenced) and the "
           "mutations found"
         + std::string{v.ngs ? "; below, read depth with the minimum depth and minority frequencies with the minority "
                               "threshold"
                             : ""}
         + ".</figcaption>\n</figure>\n</section>\n";
    mutations(o, v);
    if (v.interpreted)
    {
        drugs(o, v);
        options(o, v);
    }
    else
        o += "<section id=\"drugs\">\n<h2>Drug susceptibility</h2>\n<p>Not interpreted: no mutation database was "
             "applied.</p>\n</section>\n";
    if (v.ngs)
        ngs(o, v);
    footer(o, v);
    return o;
}

namespace
{
// Resistance mutations by position, then text.
void sort_resistance(std::vector<std::string> & v)
{
    auto pos = [](std::string const & t)
    {
        std::size_t i = 2;
        while (i < t.size() && !(t[i] >= '0' && t[i] <= '9'))
            ++i;
        long long p = 0;
        for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i)
            p = 10 * p + (t[i] - '0');
        return p;
    };
    std::sort(v.begin(),
              v.end(),
              [&](std::string const & a, std::string const & b)
              {
                  return std::pair{pos(a), a} < std::pair{pos(b), b};
              });
}
} // namespace

index_row make_index_row(sample_report const & s, std::string href)
{
    index_row r;
    r.sample = s.name;
    r.input_file = s.input_file;
    r.record = s.record;
    r.status = s.status;
    r.href = std::move(href);
    if (!s.analysed)
    {
        r.genotype = "-";
        r.error = s.error;
        return r;
    }
    r.qc_status = std::string{to_string(s.qc.status)};
    r.genotype = genotype_display(s);
    r.rt_covered = rt_range_text(s.qc.metrics.rt_first, s.qc.metrics.rt_last);
    if (s.interpreted)
    {
        for (drug_call const & d : s.interp.drugs)
        {
            r.drugs.push_back({d.drug, d.name, d.level});
            for (observed_mutation const & m : d.mutations)
            {
                std::string const t = m.text() + (m.minority ? " (minority)" : "");
                if (std::find(r.resistance.begin(), r.resistance.end(), t) == r.resistance.end())
                    r.resistance.push_back(t);
            }
        }
        sort_resistance(r.resistance);
    }
    return r;
}

std::string html_index(std::vector<index_row> const & rows, report_options const & opts, cohort_counts const * cohort)
{
    std::vector<std::pair<std::string, std::string>> drugs; // code, name
    std::size_t ok = 0, warning = 0, error = 0;
    for (index_row const & r : rows)
    {
        ok += r.status == sample_status::ok;
        warning += r.status == sample_status::warning;
        error += r.status == sample_status::error;
        for (index_drug const & d : r.drugs)
            if (std::find_if(drugs.begin(),
                             drugs.end(),
                             [&](auto const & p)
                             {
                                 return p.first == d.code;
                             })
                == drugs.end())
                drugs.emplace_back(d.code, d.name);
    }
    std::string o = page_head("HBV resistance reports: run index", opts, "index");
    o += "<header>\n<h1>HBV genotypic drug-resistance reports</h1>\n<dl class=\"meta\">\n";
    o += "<dt>Samples</dt><dd id=\"counts\">" + std::to_string(rows.size()) + " (" + std::to_string(ok) + " ok, "
         + std::to_string(warning) + " warning, " + std::to_string(error) + " error)</dd>\n";
    o += "<dt>Mutation database</dt><dd>" + esc(opts.db_label.empty() ? "as named in each report" : opts.db_label)
         + "</dd>\n";
    o += "<dt>Software</dt><dd>hbvdr" + esc(opts.tool_version.empty() ? "" : " " + opts.tool_version)
         + "</dd>\n</dl>\n</header>\n";
    if (cohort != nullptr)
        o += html_cohort_section(*cohort, drugs);
    o += "<section id=\"samples\">\n<h2>Samples</h2>\n";
    o += "<p class=\"note\">Drug levels: <span class=\"lv lv-r\">R</span> resistant, <span class=\"lv lv-i\">I</span> "
         "reduced "
         "susceptibility, <span class=\"lv lv-s\">S</span> susceptible, <span class=\"lv lv-x\">?</span> insufficient "
         "data. "
         "Open a sample's report for the mutations, quality messages and guideline options.</p>\n";
    o += "<table id=\"sample-table\">\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Sample</th><th "
         "scope=\"col\">Status</th>"
         "<th scope=\"col\">QC</th><th scope=\"col\">Genotype</th><th scope=\"col\">RT covered</th>";
    for (auto const & [code, name] : drugs)
        o += "<th scope=\"col\" title=\"" + esc(name) + "\">" + esc(code) + "</th>";
    o += "<th scope=\"col\">Resistance mutations</th></tr></thead>\n<tbody>\n";
    std::size_t n = 0;
    for (index_row const & r : rows)
    {
        ++n;
        std::string const target = link_target(r.href);
        std::string const name =
            target.empty() ? esc(r.sample) : "<a href=\"" + esc(target) + "\">" + esc(r.sample) + "</a>";
        o += "<tr class=\"st-" + std::string{to_string(r.status)} + "\"><td>" + std::to_string(n)
             + "</td><th scope=\"row\">" + name + "<br><span class=\"note\">"
             + esc(r.input_file + (r.record > 0 ? ", record " + std::to_string(r.record) : "")) + "</span></th>";
        o += "<td>" + esc(to_string(r.status)) + "</td>";
        if (r.status == sample_status::error)
        {
            o += "<td colspan=\"" + std::to_string(4 + drugs.size()) + "\">not analysed: " + esc(r.error)
                 + "</td></tr>\n";
            continue;
        }
        o += "<td>" + esc(r.qc_status) + "</td><td>" + esc(r.genotype) + "</td><td class=\"nowrap\">"
             + esc(r.rt_covered) + "</td>";
        for (auto const & [code, name] : drugs)
        {
            // The code by name: clang 14 (the AFL++ build) cannot capture a structured binding.
            std::string const & drug_code = code;
            auto const it = std::find_if(r.drugs.begin(),
                                         r.drugs.end(),
                                         [&drug_code](index_drug const & d)
                                         {
                                             return d.code == drug_code;
                                         });
            if (it == r.drugs.end())
                o += "<td class=\"none\">-</td>";
            else
                o += "<td><span class=\"lv " + std::string{level_class(it->level)} + "\" title=\"" + esc(name) + ": "
                     + std::string{describe(it->level)} + "\">" + std::string{level_letter(it->level)} + "</span></td>";
        }
        o += "<td class=\"muts\">" + (r.resistance.empty() ? std::string{"none"} : esc(join(r.resistance, ", ")))
             + "</td></tr>\n";
    }
    o += "</tbody>\n</table>\n</section>\n";
    o += "<p class=\"disclaimer\">" + esc(decision_support_disclaimer) + "</p>\n";
    o += "<footer>hbvdr" + esc(opts.tool_version.empty() ? "" : " " + opts.tool_version)
         + "</footer>\n</body>\n</html>\n";
    return o;
}

index_row index_row_from_json(std::string_view const sample_json, std::string const & where)
{
    json_fields const f{where};
    return index_row_from_json(f.parse(sample_json), f);
}

index_row index_row_from_json(nlohmann::json const & j, json_fields const & f)
{
    index_row r;
    r.sample = f.str(j, "sample", "");
    r.input_file = f.str(j, "input_file", "");
    r.record = f.count(j, "record", "");
    std::string const status = f.str(j, "status", "");
    if (status != "ok" && status != "warning" && status != "error")
        f.fail("status", "is '" + status + "', not ok, warning or error");
    r.status =
        status == "ok" ? sample_status::ok : (status == "warning" ? sample_status::warning : sample_status::error);
    if (nlohmann::json const * reports = f.optional(j, "reports"))
        r.href = f.optional_str(*reports, "html", "reports.");
    if (f.optional(j, "genotype") == nullptr)
    {
        r.genotype = "-";
        r.error = f.optional_str(j, "error", "");
        return r;
    }
    nlohmann::json const & g = f.object(j, "genotype", "");
    nlohmann::json const & qc = f.object(j, "qc", "");
    r.qc_status = f.str(qc, "status", "qc.");
    double const dist = f.number(g, "distance", "genotype.");
    std::string const gt = f.str(g, "genotype", "genotype.");
    std::string const nearest = f.str(g, "nearest_genotype", "genotype.");
    if (nearest.size() > 1)
        f.fail("genotype.nearest_genotype", "is '" + nearest + "', not one letter");
    r.genotype = genotype_display(gt, nearest.empty() ? '?' : nearest.front(), dist);
    nlohmann::json const & m = f.object(qc, "metrics", "qc.");
    r.rt_covered = rt_range_text(static_cast<int>(f.count(m, "rt_first", "qc.metrics.")),
                                 static_cast<int>(f.count(m, "rt_last", "qc.metrics.")));
    if (nlohmann::json const * interp = f.optional(j, "interpretation"))
    {
        nlohmann::json const & drugs = f.array(*interp, "drugs", "interpretation.");
        for (std::size_t i = 0; i < drugs.size(); ++i)
        {
            std::string const dp = "interpretation.drugs[" + std::to_string(i) + "].";
            drug_level const level = drug_level_field(drugs[i], "level", dp, f);
            r.drugs.push_back({f.str(drugs[i], "drug", dp), f.str(drugs[i], "name", dp), level});
            nlohmann::json const & mutations = f.array(drugs[i], "mutations", dp);
            for (std::size_t k = 0; k < mutations.size(); ++k)
            {
                std::string const t = f.str(mutations[k], "text", dp + "mutations[" + std::to_string(k) + "].");
                if (std::find(r.resistance.begin(), r.resistance.end(), t) == r.resistance.end())
                    r.resistance.push_back(t);
            }
        }
        sort_resistance(r.resistance);
    }
    return r;
}

} // namespace hbvdr
