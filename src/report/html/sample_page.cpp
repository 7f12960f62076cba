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
    o += "<header>\n<h1>" + esc(report_title) + "</h1>\n<dl class=\"meta\" id=\"report-header\">\n";
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
    o += "<section id=\"mutations\">\n<h2>" + esc(rt_mutations_title) + "</h2>\n";
    if (v.rt_groups.empty())
        o += "<p class=\"none\">" + esc(no_rt_mutations) + "</p>\n";
    else
        o += "<p class=\"note\">" + esc(v.rt_legend) + ".</p>\n";
    for (view_group const & g : v.rt_groups)
    {
        o += "<h3>" + esc(g.title) + "</h3>\n";
        inline_list(o, g.items);
    }
    o += "</section>\n<section id=\"hbsag\">\n<h2>" + esc(hbsag_title) + "</h2>\n";
    if (v.s_groups.empty())
        o += "<p class=\"none\">" + esc(no_hbsag_changes) + "</p>\n";
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
    o += "<section id=\"drugs\">\n<h2>" + esc(drugs_title) + " (" + esc(v.db_short) + "; rule set " + esc(v.rule_set)
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
            notes.push_back(esc(majority_note(*d.majority_level)));
        if (!d.accessory.empty())
            notes.push_back(esc(accessory_label) + "<span class=\"muts\">" + esc(join(d.accessory, ", ")) + "</span>");
        if (!d.missing.empty())
            notes.push_back(esc(missing_label) + esc(join(d.missing, ", ")));
        if (!d.follows.empty())
            notes.push_back(esc(follows_note(d.follows)));
        if (!d.set_note.empty())
            notes.push_back(esc(d.set_note));
        for (std::string const & x : d.other_sets)
            notes.push_back("<span class=\"other-set\">" + esc(other_source_label) + esc(x) + "</span>");
        o += join(notes, "<br>") + "</td></tr>\n";
    }
    o += "</tbody>\n</table>\n";
    o += "<p class=\"note\">" + esc(levels_note) + "</p>\n</section>\n";

    o += "<section id=\"remaining\">\n<h2>" + esc(remaining_title) + "</h2>\n";
    if (v.remaining.empty())
        o += "<p>" + esc(none_remaining) + "</p>\n";
    else
        o += "<p>" + esc(join(v.remaining, ", ")) + "</p>\n";
    if (!v.not_assessable.empty())
        o += "<p>" + esc(not_assessable_lead) + esc(join(v.not_assessable, ", ")) + "</p>\n";
    o += "</section>\n";
}

void options(std::string & o, report_view const & v)
{
    o += "<section id=\"salvage\">\n<h2>" + esc(options_title) + "</h2>\n";
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
        o += "<p>" + esc(no_options) + "</p>\n";
    else if (v.currency_known)
        o += "<h3 id=\"current-guidelines\">" + esc(current_guidelines) + "</h3>\n"
             + (v.salvage.empty() ? "<p>" + esc(no_current_option) + "</p>\n" : "");
    if (!v.salvage.empty())
        items(v.salvage);
    if (!v.salvage_older.empty())
    {
        // Superseded guidance stays available but collapsed, so that it is not read as current.
        o += "<details id=\"older-guidelines\">\n<summary>" + esc(older_guidelines)
             + std::to_string(v.salvage_older.size()) + (v.salvage_older.size() == 1 ? " option" : " options")
             + ")</summary>\n";
        items(v.salvage_older);
        o += "</details>\n";
    }
    if (!v.sources.empty())
    {
        o += "<h3>" + esc(sources_title) + "</h3>\n<dl class=\"sources\">\n";
        for (view_field const & f : v.sources)
            o += "<dt>" + esc(f.label) + "</dt><dd>" + esc(f.value) + "</dd>\n";
        o += "</dl>\n";
    }
    o += "</section>\n";
    if (!v.cautions.empty())
    {
        o += "<section id=\"cautions\">\n<h2>" + esc(cautions_title) + "</h2>\n<ul>\n";
        for (std::string const & c : v.cautions)
            o += "<li>" + esc(c) + "</li>\n";
        o += "</ul>\n</section>\n";
    }
    if (!v.comments.empty())
    {
        o += "<section id=\"comments\">\n<h2>" + esc(comments_title) + "</h2>\n<ul>\n";
        for (view_comment const & c : v.comments)
            o += "<li><strong>" + esc(c.label) + "</strong>: " + esc(c.text) + evidence_mark(c.evidence) + "</li>\n";
        o += "</ul>\n</section>\n";
    }
}

void ngs(std::string & o, report_view const & v)
{
    o += "<section id=\"ngs\">\n<h2>" + esc(ngs_title) + "</h2>\n";
    for (std::string const & n : v.ngs_notes)
        o += "<p>" + esc(n) + "</p>\n";
    if (v.minority.empty())
        o += "<p>" + esc(no_deciding_minority) + "</p>\n";
    else
    {
        o += "<h3>" + esc(minority_title) + "</h3>\n<ul>";
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
        o += "<section id=\"result\">\n<h2>" + esc(not_analysed_title) + "</h2>\n<p>" + esc(not_analysed_lead)
             + "<strong>" + esc(v.error) + "</strong></p>\n";
        if (!v.qc.empty())
            qc_list(o, v.qc);
        o += "<p>" + esc(no_prediction) + "</p>\n</section>\n";
        page_footer(o, v);
        return o;
    }
    if (v.interpreted)
    {
        o += "<section id=\"bottom-line\" class=\"bottom-line\">\n<h2>" + esc(bottom_line_title)
             + " <span class=\"note\">" + esc(not_a_prescription) + "</span></h2>\n";
        for (std::string const & b : v.bottom_line)
            o += "<p>" + esc(b) + "</p>\n";
        o += "</section>\n";
    }
    o += "<section id=\"quality\">\n<h2>Sequence quality assessment: <span class=\"status\">" + esc(v.qc_status)
         + "</span></h2>\n";
    if (v.qc.empty())
        o += "<p>" + esc(no_quality_problems) + "</p>\n";
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
        o += "<section id=\"drugs\">\n<h2>" + esc(drugs_title) + "</h2>\n<p>" + esc(not_interpreted)
             + "</p>\n</section>\n";
    if (v.ngs)
        ngs(o, v);
    page_footer(o, v);
    return o;
}

} // namespace hbvdr
