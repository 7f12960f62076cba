#include <algorithm>

#include <hbvdr/core/text.hpp>
#include <hbvdr/report/disclaimer.hpp>
#include <hbvdr/report/text_report.hpp>

#include "report_view.hpp"

namespace hbvdr
{

namespace
{

using namespace hbvdr::detail;

// Terminal columns of UTF-8 text: one per code point (continuation bytes take none).
std::size_t columns(std::string_view const s) noexcept
{
    std::size_t n = 0;
    for (char const c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// Input text may hold control characters (ESC sequences in a FASTA header would drive the
// terminal): show them as '?'. Tabs and line breaks become spaces.
std::string clean(std::string_view const s)
{
    std::string out;
    out.reserve(s.size());
    for (char const c : s)
    {
        auto const u = static_cast<unsigned char>(c);
        if (c == '\t' || c == '\n' || c == '\r')
            out.push_back(' ');
        else if (u < 0x20 || u == 0x7F)
            out.push_back('?');
        else
            out.push_back(c);
    }
    return out;
}

// Byte length of the first `cols` code points of s.
std::size_t prefix_bytes(std::string_view const s, std::size_t const cols) noexcept
{
    std::size_t n = 0, i = 0;
    for (; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80)
        {
            if (n == cols)
                break;
            ++n;
        }
    return i;
}

class writer
{
public:
    explicit writer(int const width) : m_width{static_cast<std::size_t>(std::max(40, width))}
    {}

    std::size_t width() const noexcept
    {
        return m_width;
    }

    void line(std::string_view const text = {})
    {
        wrap(text, "", "");
    }

    //!\brief One line as is (column layout), wrapped only if it is too long.
    void raw(std::string const & text)
    {
        std::string const t = clean(text);
        if (columns(t) > m_width)
            return wrap(t, "", "");
        m_out += t;
        while (!m_out.empty() && m_out.back() == ' ')
            m_out.pop_back();
        m_out.push_back('\n');
    }

    void rule(char const c)
    {
        m_out.append(m_width, c);
        m_out.push_back('\n');
    }

    void title(std::string_view const t)
    {
        m_out.push_back('\n');
        wrap(t, "", "");
        std::size_t const n = std::min(m_width, columns(clean(t)));
        m_out.append(n, '-');
        m_out.push_back('\n');
    }

    //!\brief Word-wrap `text`: first line after `first`, continuation lines after `next`.
    void wrap(std::string_view const text, std::string_view const first, std::string_view const next)
    {
        std::vector<std::string> words;
        std::string const t = clean(text);
        for (std::string_view w : split(t, ' '))
            if (!w.empty())
                words.emplace_back(w);
        tokens(words, first, next);
    }

    //!\brief Items separated by ", ", each kept on one line when it fits.
    void list(std::vector<std::string> const & items, std::string_view const first, std::string_view const next)
    {
        std::vector<std::string> toks;
        for (std::size_t i = 0; i < items.size(); ++i)
            toks.push_back(clean(items[i]) + (i + 1 < items.size() ? "," : ""));
        tokens(toks, first, next);
    }

    std::string take()
    {
        return std::move(m_out);
    }

private:
    // Lay out tokens joined by single spaces. A token that does not fit on a fresh line is split
    // at its spaces, and a word longer than the line is broken.
    void tokens(std::vector<std::string> const & toks, std::string_view const first, std::string_view const next)
    {
        std::string cur{first};
        std::size_t cur_cols = columns(first);
        bool fresh = true;  // nothing but the prefix on the current line
        bool wrote = false; // a line was written
        auto flush = [&]
        {
            wrote = true;
            while (!cur.empty() && cur.back() == ' ')
                cur.pop_back();
            m_out += cur;
            m_out.push_back('\n');
            cur = std::string{next};
            cur_cols = columns(next);
            fresh = true;
        };
        std::size_t const next_room = m_width > columns(next) ? m_width - columns(next) : 1;
        for (std::string const & tok : toks)
        {
            std::size_t const n = columns(tok);
            if (!fresh && cur_cols + 1 + n <= m_width)
            {
                cur += ' ' + tok;
                cur_cols += 1 + n;
                fresh = false;
                continue;
            }
            if (!fresh)
                flush();
            if (cur_cols + n <= m_width)
            {
                cur += tok;
                cur_cols += n;
                fresh = false;
                continue;
            }
            // Too long for a line of its own: place it word by word, breaking words longer than a line.
            for (std::string_view w : split(tok, ' '))
            {
                if (w.empty())
                    continue;
                while (!w.empty())
                {
                    std::size_t const wc = columns(w);
                    if (!fresh && cur_cols + 1 + wc <= m_width)
                    {
                        cur += ' ';
                        cur += w;
                        cur_cols += 1 + wc;
                        w = {};
                    }
                    else if (fresh && cur_cols + wc <= m_width)
                    {
                        cur += w;
                        cur_cols += wc;
                        fresh = false;
                        w = {};
                    }
                    else if (!fresh && wc <= next_room)
                        flush();
                    else
                    {
                        if (!fresh)
                            flush();
                        std::size_t const room = m_width > cur_cols ? m_width - cur_cols : 1;
                        std::size_t const b = prefix_bytes(w, room);
                        cur += w.substr(0, b);
                        cur_cols += columns(w.substr(0, b));
                        fresh = false;
                        w.remove_prefix(b);
                        if (!w.empty())
                            flush();
                    }
                }
            }
        }
        if (!fresh || !wrote)
            flush();
    }

    std::size_t m_width;
    std::string m_out;
};

std::string pad(std::string s, std::size_t const width)
{
    std::size_t const n = columns(s);
    if (n < width)
        s.append(width - n, ' ');
    return s;
}

// A sentence continued after a colon: "No option ..." -> "no option ...".
std::string lower_first(std::string_view const s)
{
    std::string out{s};
    if (!out.empty() && out.front() >= 'A' && out.front() <= 'Z')
        out.front() = static_cast<char>(out.front() - 'A' + 'a');
    return out;
}

// Upper case (ASCII): "WARNING", "BOTTOM LINE".
std::string level_tag(std::string_view const level)
{
    std::string out{level};
    for (char & c : out)
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return out;
}

void header(writer & w, report_view const & v)
{
    w.rule('=');
    w.line(level_tag(report_title));
    w.rule('=');
    for (view_field const & f : v.header)
        w.wrap(f.value, pad(f.label + ":", 19), std::string(19, ' '));
}

void bottom_line_block(writer & w, report_view const & v)
{
    w.title(level_tag(bottom_line_title) + " " + std::string{not_a_prescription});
    for (std::string const & b : v.bottom_line)
        w.wrap(b, "", "");
}

void quality(writer & w, report_view const & v)
{
    w.title(std::string{quality_title} + v.qc_status);
    if (v.qc.empty())
        w.line(no_quality_problems);
    for (qc_message const & m : v.qc)
        w.wrap(m.text, pad(level_tag(to_string(m.level)), 10), std::string(10, ' '));
}

void mutations(writer & w, report_view const & v)
{
    w.title(rt_mutations_title);
    if (v.rt_groups.empty())
        w.line(no_rt_mutations);
    else
        w.wrap(v.rt_legend + ".", "", "");
    for (view_group const & g : v.rt_groups)
    {
        w.line(g.title + ":");
        std::vector<std::string> items;
        for (view_item const & i : g.items)
            items.push_back(i.text);
        w.list(items, "  ", "  ");
    }
    w.title(hbsag_title);
    if (v.s_groups.empty())
        w.line(no_hbsag_changes);
    for (view_group const & g : v.s_groups)
    {
        w.line(g.title + ":");
        if (g.compact)
        {
            std::vector<std::string> items;
            for (view_item const & i : g.items)
                items.push_back(i.text);
            w.list(items, "  ", "  ");
        }
        else
            for (view_item const & i : g.items)
                w.wrap(i.text, "  - ", "    ");
    }
}

void drugs(writer & w, report_view const & v)
{
    w.title(std::string{drugs_title} + " (" + v.db_short + "; rule set " + v.rule_set + ")");
    std::size_t constexpr level_col = 37;
    w.raw(pad("Drug", level_col) + "Level");
    w.raw(std::string(level_col - 1, '-') + " " + std::string(22, '-'));
    for (view_drug const & d : v.drugs)
    {
        std::string level{describe(d.level)};
        if (!d.evidence.empty())
            level += " [" + d.evidence + "]";
        std::string const name = pad(d.code, 4) + " " + clean(d.name);
        if (columns(name) + 1 <= level_col)
            w.raw(pad(name, level_col) + level);
        else
        {
            w.wrap(name, "", "     ");
            w.raw(std::string(level_col, ' ') + level);
        }
        std::string const ind(5, ' ');
        if (!d.follows.empty())
            w.wrap(follows_note(d.follows), ind, ind);
        if (!d.set_note.empty())
            w.wrap(d.set_note, ind, ind);
        for (std::string const & o : d.other_sets)
            w.wrap(o, ind + std::string{other_source_label}, std::string(19, ' '));
        if (!d.mutations.empty())
            w.list(d.mutations, ind + "mutations: ", std::string(16, ' '));
        if (d.majority_level)
            w.wrap(majority_note(*d.majority_level), ind, ind);
        if (!d.accessory.empty())
            w.list(d.accessory, ind + std::string{accessory_label}, std::string(16, ' '));
        if (!d.missing.empty())
            w.list(d.missing, ind + pad(std::string{missing_label}, accessory_label.size()), std::string(16, ' '));
    }
    w.wrap(levels_note, "", "");

    w.title(remaining_title);
    if (v.remaining.empty())
        w.line(none_remaining);
    else
        w.list(v.remaining, "", "");
    if (!v.not_assessable.empty())
        w.list(v.not_assessable, not_assessable_lead, "  ");
}

void options(writer & w, report_view const & v)
{
    w.title(options_title);
    if (v.salvage.empty() && v.salvage_older.empty())
        w.line(no_options);
    else if (v.currency_known)
        w.line(std::string{current_guidelines} + ":" + (v.salvage.empty() ? " " + lower_first(no_current_option) : ""));
    for (view_salvage const & x : v.salvage)
        w.wrap(x.recommendation + " Source: " + x.guideline + (x.evidence.empty() ? "" : " [" + x.evidence + "]"),
               "- ",
               "  ");
    if (!v.salvage_older.empty())
    {
        w.line(std::string{older_guidelines} + "for reference):");
        for (view_salvage const & x : v.salvage_older)
            w.wrap(x.recommendation + " Source: " + x.guideline
                       + (x.superseded_by.empty() ? "" : " (superseded by " + x.superseded_by + ")")
                       + (x.evidence.empty() ? "" : " [" + x.evidence + "]"),
                   "- ",
                   "  ");
    }
    if (!v.sources.empty())
    {
        w.line(std::string{sources_title} + ":");
        for (view_field const & f : v.sources)
            w.wrap(f.value, "  " + f.label + ": ", "    ");
    }
    if (!v.cautions.empty())
    {
        w.title(cautions_title);
        for (std::string const & c : v.cautions)
            w.wrap(c, "- ", "  ");
    }
    if (!v.comments.empty())
    {
        w.title(comments_title);
        for (view_comment const & c : v.comments)
            w.wrap(c.label + ": " + c.text + (c.evidence.empty() ? "" : " [" + c.evidence + "]"), "- ", "  ");
    }
}

void ngs(writer & w, report_view const & v)
{
    w.title(ngs_title);
    for (std::string const & n : v.ngs_notes)
        w.wrap(n, "", "");
    if (v.minority.empty())
        w.line(no_deciding_minority);
    else
    {
        w.line(std::string{minority_title} + ":");
        for (view_item const & i : v.minority)
            w.wrap(i.text, "  - ", "    ");
    }
    if (!v.linked.empty())
    {
        w.line(std::string{linked_title} + ":");
        for (view_item const & i : v.linked)
            w.wrap(i.text, "  - ", "    ");
    }
}

void footer(writer & w, report_view const & v)
{
    if (v.evidence_marks)
    {
        w.line();
        w.wrap(evidence_legend, "", "");
    }
    w.line();
    w.rule('-');
    w.wrap(std::string{decision_support_disclaimer}, "", "");
    w.wrap(v.footer, "", "");
}

} // namespace

std::string text_report(sample_report const & sample, report_options const & opts)
{
    report_view const v = make_view(sample, opts);
    writer w{opts.text_width};
    header(w, v);
    if (!v.analysed)
    {
        w.title(not_analysed_title);
        w.wrap(std::string{not_analysed_lead} + v.error, "", "");
        for (qc_message const & m : v.qc)
            w.wrap(m.text, pad(level_tag(to_string(m.level)), 10), std::string(10, ' '));
        w.wrap(no_prediction, "", "");
        footer(w, v);
        return w.take();
    }
    if (v.interpreted)
        bottom_line_block(w, v);
    quality(w, v);
    mutations(w, v);
    if (v.interpreted)
    {
        drugs(w, v);
        options(w, v);
    }
    else
    {
        w.title(drugs_title);
        w.line(not_interpreted);
    }
    if (v.ngs)
        ngs(w, v);
    footer(w, v);
    return w.take();
}

} // namespace hbvdr
