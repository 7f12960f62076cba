#include <algorithm>
#include <array>
#include <cmath>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/io/text_content.hpp>
#include <hbvdr/monitor/timeline.hpp>

namespace hbvdr
{

namespace
{

bool leap(int const y) noexcept
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int const y, int const m) noexcept
{
    static constexpr std::array<int, 12> d{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[static_cast<std::size_t>(m - 1)];
}

std::string lower(std::string_view const s)
{
    std::string out{s};
    for (char & c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Compact, locale-free display of a laboratory number: integers below 10^6 as written, larger ones as 2.3e+07.
std::string number_text(double const v)
{
    if (v >= 1e6)
    {
        int const e = static_cast<int>(std::floor(std::log10(v)));
        std::string m = format_fixed(v / std::pow(10.0, e), 2);
        while (m.back() == '0')
            m.pop_back();
        if (m.back() == '.')
            m.pop_back();
        return m + "e+" + (e < 10 ? "0" : "") + std::to_string(e);
    }
    if (v == std::floor(v))
        return format_fixed(v, 0);
    std::string s = format_fixed(v, 3);
    while (s.back() == '0')
        s.pop_back();
    if (s.back() == '.')
        s.pop_back();
    return s;
}

enum class column : std::uint8_t
{
    date,
    hbv_dna,
    dna_lloq,
    alt,
    alt_uln,
    hbeag,
    hbsag,
    event,
    drug,
    note
};

constexpr std::array<std::pair<std::string_view, column>, 10> column_names{{{"date", column::date},
                                                                            {"hbv_dna", column::hbv_dna},
                                                                            {"dna_lloq", column::dna_lloq},
                                                                            {"alt", column::alt},
                                                                            {"alt_uln", column::alt_uln},
                                                                            {"hbeag", column::hbeag},
                                                                            {"hbsag", column::hbsag},
                                                                            {"event", column::event},
                                                                            {"drug", column::drug},
                                                                            {"note", column::note}}};

std::string known_columns()
{
    std::vector<std::string> names;
    for (auto const & [n, c] : column_names)
        names.emplace_back(n);
    return join(names, ", ");
}

// A positive number ("15000", "2.3e7"); false for anything else.
bool positive_number(std::string_view const s, double & out)
{
    return parse_double(s, out) && out > 0.0;
}

class row_parser
{
public:
    row_parser(std::string name, std::vector<std::string> const & known_drugs) :
        m_name{std::move(name)}, m_known{known_drugs}
    {}

    [[noreturn]] void fail(std::size_t const line, std::string const & what) const
    {
        // Cells quoted in `what` may hold any byte: shown as \xHH beyond printable ASCII.
        throw input_error{m_name + ":" + std::to_string(line) + ": " + printable_excerpt(what, what.size())};
    }

    std::string drug_code(std::size_t const line, std::string_view const code) const
    {
        for (std::string const & k : m_known)
            if (to_upper(k) == to_upper(code))
                return k;
        fail(line, "unknown drug '" + std::string{code} + "' (known: " + join(m_known, ", ") + ")");
    }

    std::vector<std::string> drug_list(std::size_t const line, std::string_view const text) const
    {
        std::vector<std::string> out;
        std::string t{text};
        std::replace(t.begin(), t.end(), '+', ',');
        for (std::string_view item : split(t, ','))
        {
            item = trim(item);
            if (item.empty())
                fail(line, "empty drug code in '" + std::string{text} + "' (write codes joined by + or ,)");
            std::string const c = drug_code(line, item);
            if (std::find(out.begin(), out.end(), c) != out.end())
                fail(line, "drug " + c + " listed twice in '" + std::string{text} + "'");
            out.push_back(c);
        }
        return out;
    }

    // HBV DNA or HBsAg. `what` names the column in messages.
    lab_value lab(std::size_t const line,
                  std::string_view const cell,
                  std::optional<double> const limit,
                  std::string const & what,
                  bool const allow_keywords) const
    {
        std::string const l = lower(cell);
        lab_value v;
        double n = 0.0;
        auto need_limit = [&](std::string const & how)
        {
            if (!limit)
                fail(line,
                     what + " '" + std::string{cell}
                         + "' needs the assay limit: give dna_lloq on this row or an earlier one, or write '" + how
                         + "<20'");
            return *limit;
        };
        if (allow_keywords && (l == "undetectable" || l == "tnd" || l == "not detected" || l == "not_detected"))
        {
            v.state = lab_state::not_detected;
            v.value = need_limit("undetectable");
            return v;
        }
        if (allow_keywords && l.rfind("detected", 0) == 0)
        {
            std::string_view rest = trim(std::string_view{l}.substr(8));
            v.state = lab_state::detected_below;
            if (rest.empty())
            {
                v.value = need_limit("detected");
                return v;
            }
            if (rest.front() == '<' && positive_number(trim(rest.substr(1)), n))
            {
                v.value = n;
                return v;
            }
            fail(line, "unparseable " + what + " '" + std::string{cell} + "' (expected 'detected' or 'detected<N')");
        }
        if (!l.empty() && l.front() == '<')
        {
            if (!positive_number(trim(std::string_view{l}.substr(1)), n))
                fail(line,
                     "unparseable " + what + " '" + std::string{cell}
                         + "' (expected '<N' with N the assay limit, a positive number)");
            v.state = lab_state::below_limit;
            v.value = n;
            return v;
        }
        if (!parse_double(l, n))
            fail(line,
                 "unparseable " + what + " '" + std::string{cell}
                     + "' (expected a number in IU/mL such as 15000 or 2.3e7"
                     + (allow_keywords ? std::string{", '<N', 'undetectable' or 'detected'"} : std::string{" or '<N'"})
                     + ")");
        if (n < 0)
            fail(line, "negative " + what + " '" + std::string{cell} + "'");
        if (n == 0)
            fail(line,
                 what + " of 0 is not a measurement (write '<N' with the assay limit N"
                     + (allow_keywords ? std::string{", or 'undetectable'"} : std::string{}) + ")");
        v.value = n;
        return v;
    }

private:
    std::string m_name;
    std::vector<std::string> const & m_known;
};

std::string file_stem(std::string const & name)
{
    std::string s = std::filesystem::path{name}.filename().string();
    for (std::string_view const ext : {".tsv", ".txt"})
        if (s.size() > ext.size() && s.compare(s.size() - ext.size(), ext.size(), ext) == 0)
            return s.substr(0, s.size() - ext.size());
    return s;
}

} // namespace

std::vector<std::string_view> timeline_column_names()
{
    std::vector<std::string_view> out;
    for (auto const & [n, c] : column_names)
        out.push_back(n);
    return out;
}

std::optional<calendar_date> calendar_date::parse(std::string_view const t) noexcept
{
    if (t.size() != 10 || t[4] != '-' || t[7] != '-')
        return std::nullopt;
    long long y = 0, m = 0, d = 0;
    if (!parse_int(t.substr(0, 4), y) || !parse_int(t.substr(5, 2), m) || !parse_int(t.substr(8, 2), d))
        return std::nullopt;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(static_cast<int>(y), static_cast<int>(m)))
        return std::nullopt;
    return calendar_date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

long calendar_date::days() const noexcept
{
    // Days from civil (H. Hinnant's algorithm).
    int const y = year - (month <= 2 ? 1 : 0);
    long const era = (y >= 0 ? y : y - 399) / 400;
    long const yoe = y - era * 400;
    long const mp = month > 2 ? month - 3 : month + 9;
    long const doy = (153 * mp + 2) / 5 + day - 1;
    long const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::string calendar_date::iso() const
{
    auto two = [](int const v)
    {
        return (v < 10 ? "0" : "") + std::to_string(v);
    };
    return std::to_string(year) + "-" + two(month) + "-" + two(day);
}

double lab_value::log10() const noexcept
{
    return std::log10(std::max(value, 1e-3));
}

std::string lab_value::text() const
{
    switch (state)
    {
    case lab_state::quantified:
        return number_text(value);
    case lab_state::below_limit:
        return "<" + number_text(value);
    case lab_state::detected_below:
        return "detected (<" + number_text(value) + ")";
    case lab_state::not_detected:
        return "undetectable (<" + number_text(value) + ")";
    }
    return {};
}

std::string_view to_string(regimen_event const e) noexcept
{
    switch (e)
    {
    case regimen_event::none:
        return "";
    case regimen_event::start:
        return "start";
    case regimen_event::add:
        return "add";
    case regimen_event::stop:
        return "stop";
    case regimen_event::switch_to:
        return "switch";
    }
    return "";
}

timeline parse_timeline(std::string_view text, std::string const & name, std::vector<std::string> const & known_drugs)
{
    if (std::string const reason = not_text_reason(text.substr(0, 4096)); !reason.empty())
        throw input_error{name + ": not a timeline (tab-separated text): " + reason};
    text = strip_utf8_bom(text);
    std::vector<timeline_line> lines;
    std::size_t number = 0;
    for (std::string_view const line : split(text, '\n'))
        lines.push_back({++number, line});
    return parse_timeline_lines(lines, name, known_drugs);
}

timeline parse_timeline_lines(std::span<timeline_line const> const lines,
                              std::string const & name,
                              std::vector<std::string> const & known_drugs)
{
    row_parser const p{name, known_drugs};
    timeline t;
    t.source = name;
    std::vector<std::optional<column>> columns;
    bool header_seen = false;
    std::optional<double> lloq, uln;
    std::vector<std::string> active;
    for (timeline_line const & numbered : lines)
    {
        std::size_t const line_no = numbered.number;
        std::string_view line = numbered.text;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (trim(line).empty())
            continue;
        if (line.front() == '#')
        {
            // A directive is '#key=value' with a lower-case key before the header; anything else is a comment.
            std::size_t const eq = line.find('=');
            std::string_view const key = eq == std::string_view::npos ? std::string_view{} : line.substr(1, eq - 1);
            bool const directive = !header_seen && !key.empty()
                                   && std::all_of(key.begin(),
                                                  key.end(),
                                                  [](char const c)
                                                  {
                                                      return (c >= 'a' && c <= 'z') || c == '_';
                                                  });
            if (!directive)
                continue;
            std::string_view const value = trim(line.substr(eq + 1));
            if (key == "patient")
            {
                if (value.empty() || value.find('\t') != std::string_view::npos)
                    p.fail(line_no, "#patient needs a non-empty id without tabs");
                t.patient = value;
            }
            else if (key == "genotype")
            {
                std::string const g = to_upper(value);
                if (g.size() != 1 || g[0] < 'A' || g[0] > 'J')
                    p.fail(line_no, "#genotype must be one letter A-J, not '" + std::string{value} + "'");
                t.genotype = g[0];
            }
            else if (key == "prior_history")
                t.prior_history = value.empty() ? std::vector<std::string>{} : p.drug_list(line_no, value);
            else
                p.fail(line_no,
                       "unknown directive '#" + std::string{key}
                           + "=' (known: #patient=, #genotype=, #prior_history=; start a comment with '# ')");
            continue;
        }
        std::vector<std::string_view> fields = split(line, '\t');
        if (!header_seen)
        {
            for (std::string_view const f : fields)
            {
                std::string const n = lower(trim(f));
                auto const it = std::find_if(column_names.begin(),
                                             column_names.end(),
                                             [&](auto const & c)
                                             {
                                                 return c.first == n;
                                             });
                if (it == column_names.end())
                    p.fail(line_no,
                           "unknown column '" + std::string{trim(f)} + "' in the header (known: " + known_columns()
                               + ")");
                if (std::find(columns.begin(), columns.end(), it->second) != columns.end())
                    p.fail(line_no, "column '" + n + "' appears twice in the header");
                columns.push_back(it->second);
            }
            if (std::find(columns.begin(), columns.end(), column::date) == columns.end())
                p.fail(line_no,
                       "the header has no 'date' column (expected column names such as: " + known_columns() + ")");
            header_seen = true;
            continue;
        }
        if (fields.size() > columns.size())
            p.fail(line_no,
                   std::to_string(fields.size()) + " fields but the header has " + std::to_string(columns.size())
                       + " columns");
        std::array<std::string_view, column_names.size()> cell{};
        for (std::size_t i = 0; i < fields.size(); ++i)
            cell[static_cast<std::size_t>(*columns[i])] = trim(fields[i]);
        auto get = [&](column const c)
        {
            return cell[static_cast<std::size_t>(c)];
        };

        timeline_row r;
        r.line = line_no;
        std::optional<calendar_date> const d = calendar_date::parse(get(column::date));
        if (!d)
            p.fail(line_no,
                   "unparseable date '" + std::string{get(column::date)}
                       + "' (expected YYYY-MM-DD, a real calendar date)");
        r.date = *d;
        if (!t.rows.empty() && r.date < t.rows.back().date)
            p.fail(line_no,
                   "date " + r.date.iso() + " is before the previous row's " + t.rows.back().date.iso() + " (line "
                       + std::to_string(t.rows.back().line) + "): rows must be in date order");
        double n = 0.0;
        if (std::string_view const c = get(column::dna_lloq); !c.empty())
        {
            if (!positive_number(c, n))
                p.fail(line_no, "dna_lloq '" + std::string{c} + "' is not a positive number (IU/mL)");
            lloq = n;
        }
        if (std::string_view const c = get(column::hbv_dna); !c.empty())
            r.hbv_dna = p.lab(line_no, c, lloq, "HBV DNA", true);
        if (std::string_view const c = get(column::alt_uln); !c.empty())
        {
            if (!positive_number(c, n))
                p.fail(line_no, "alt_uln '" + std::string{c} + "' is not a positive number (U/L)");
            uln = n;
        }
        if (std::string_view const c = get(column::alt); !c.empty())
        {
            if (!parse_double(c, n))
                p.fail(line_no, "unparseable ALT '" + std::string{c} + "' (expected a number in U/L)");
            if (n < 0)
                p.fail(line_no, "negative ALT '" + std::string{c} + "'");
            if (!uln)
                p.fail(line_no, "ALT needs its upper limit of normal: give alt_uln on this row or an earlier one");
            r.alt = n;
            r.alt_uln = uln;
        }
        if (std::string_view const c = get(column::hbeag); !c.empty())
        {
            std::string const l = lower(c);
            if (l == "positive" || l == "pos" || l == "+")
                r.hbeag_positive = true;
            else if (l == "negative" || l == "neg" || l == "-")
                r.hbeag_positive = false;
            else
                p.fail(line_no, "hbeag must be positive or negative, not '" + std::string{c} + "'");
        }
        if (std::string_view const c = get(column::hbsag); !c.empty())
            r.hbsag = p.lab(line_no, c, std::nullopt, "HBsAg", false);
        r.note = get(column::note);

        std::string_view const ev = get(column::event);
        std::string_view const dr = get(column::drug);
        if (!ev.empty())
        {
            std::string const e = lower(ev);
            r.event = e == "start"    ? regimen_event::start
                      : e == "add"    ? regimen_event::add
                      : e == "stop"   ? regimen_event::stop
                      : e == "switch" ? regimen_event::switch_to
                                      : regimen_event::none;
            if (r.event == regimen_event::none)
                p.fail(line_no, "unknown event '" + std::string{ev} + "' (known: start, add, stop, switch)");
            if (dr.empty())
                p.fail(line_no, "event '" + e + "' needs the drug column (e.g. TDF, or LAM+ADV)");
            if (r.event == regimen_event::stop && lower(dr) == "all")
                r.stop_all = true;
            else
                r.drugs = p.drug_list(line_no, dr);
            auto is_active = [&](std::string const & c)
            {
                return std::find(active.begin(), active.end(), c) != active.end();
            };
            switch (r.event)
            {
            case regimen_event::start:
                for (std::string const & c : r.drugs)
                    if (is_active(c))
                        p.fail(line_no,
                               "start " + c
                                   + ": it is already being taken (use add for a second drug, switch to change)");
                active.insert(active.end(), r.drugs.begin(), r.drugs.end());
                break;
            case regimen_event::add:
                if (active.empty())
                    p.fail(line_no, "add " + join(r.drugs, "+") + ": no regimen is active (use start)");
                for (std::string const & c : r.drugs)
                    if (is_active(c))
                        p.fail(line_no, "add " + c + ": it is already being taken");
                active.insert(active.end(), r.drugs.begin(), r.drugs.end());
                break;
            case regimen_event::stop:
                if (active.empty())
                    p.fail(line_no, "stop: no drug is being taken");
                if (r.stop_all)
                    active.clear();
                for (std::string const & c : r.drugs)
                {
                    if (!is_active(c))
                        p.fail(line_no, "stop " + c + ": it is not being taken (active: " + join(active, "+") + ")");
                    active.erase(std::find(active.begin(), active.end(), c));
                }
                break;
            case regimen_event::switch_to:
                if (active.empty())
                    p.fail(line_no, "switch to " + join(r.drugs, "+") + ": no regimen is active (use start)");
                active = r.drugs;
                break;
            case regimen_event::none:
                break;
            }
        }
        else if (!dr.empty())
            p.fail(line_no,
                   "drug '" + std::string{dr}
                       + "' without an event (write start, add, stop or switch in the event column)");

        if (!r.hbv_dna && !r.alt && !r.hbeag_positive && !r.hbsag && r.event == regimen_event::none && r.note.empty())
            p.fail(line_no, "the row has a date but no value, event or note");
        t.rows.push_back(std::move(r));
    }
    if (!header_seen)
        throw input_error{name + ": no header line (expected column names such as: " + known_columns() + ")"};
    if (t.rows.empty())
        throw input_error{name + ": no rows after the header"};
    if (t.patient.empty())
        t.patient = file_stem(name);
    return t;
}

std::string declared_patient(std::string_view const text)
{
    for (std::string_view line : split(text, '\n'))
    {
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (trim(line).empty())
            continue;
        if (line.front() != '#')
            break; // the header
        if (line.starts_with("#patient="))
        {
            std::string_view const id = trim(line.substr(9));
            return id.find('\t') == std::string_view::npos ? std::string{id} : std::string{};
        }
    }
    return {};
}

timeline read_timeline(std::filesystem::path const & path,
                       std::string const & display_name,
                       std::vector<std::string> const & known_drugs)
{
    std::optional<std::string> const text = std::filesystem::is_directory(path) ? std::nullopt : read_whole_file(path);
    if (!text)
        throw input_error{display_name + ": cannot be opened (no such file, or not a regular file)"};
    return parse_timeline(*text, display_name, known_drugs);
}

} // namespace hbvdr
