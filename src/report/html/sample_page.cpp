//!\file
//!\brief One sample's HTML report: its sections (header, quality, mutations, drugs, guideline
//! options, NGS) in the order and wording of report_view.

#include <hbvdr/core/text.hpp>
#include <hbvdr/report/html_report.hpp>

#include "../report_view.hpp"
#include "page.hpp"
#include "rt_map_svg.hpp"

namespace hbvdr
{

namespace
{

using namespace hbvdr::detail;

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
        page_footer(o, v);
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
    page_footer(o, v);
    return o;
}

} // namespace hbvdr
