#include <algorithm>
#include <map>
#include <optional>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/text_content.hpp>
#include <hbvdr/monitor/cohort.hpp>

namespace hbvdr
{

namespace
{

// Lines without their break (and a trailing CR), numbered from 1; a UTF-8 byte-order mark skipped.
std::vector<timeline_line> numbered(std::string_view const text)
{
    std::vector<timeline_line> out;
    std::size_t n = 0;
    for (std::string_view line : split(strip_utf8_bom(text), '\n'))
    {
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        out.push_back({++n, line});
    }
    return out;
}

// '#key=' with a lower-case key: what the timeline parser reads as a directive before the header.
bool is_directive(std::string_view const line)
{
    std::size_t const eq = line.find('=');
    if (line.empty() || line.front() != '#' || eq == std::string_view::npos || eq < 2)
        return false;
    std::string_view const key = line.substr(1, eq - 1);
    return std::all_of(key.begin(),
                       key.end(),
                       [](char const c)
                       {
                           return (c >= 'a' && c <= 'z') || c == '_';
                       });
}

// The columns a cohort file adds to a timeline's.
struct cohort_columns
{
    std::size_t count{0};
    std::size_t patient{0};
    std::optional<std::size_t> genotype, prior_history;
    std::string header;    // the timeline columns, tab-separated
    std::vector<bool> own; // per field: a cohort column (left out of the patient's timeline)
};

cohort_columns read_header(std::string_view const line, std::string const & where)
{
    cohort_columns c;
    std::vector<std::string_view> const known = timeline_column_names();
    std::vector<std::string> seen, rest;
    std::optional<std::size_t> patient;
    for (std::string_view const f : split(line, '\t'))
    {
        // Column names are case-insensitive, as in a timeline.
        std::string const n = to_upper(trim(f));
        bool const own = n == "PATIENT" || n == "GENOTYPE" || n == "PRIOR_HISTORY";
        if (!own
            && std::none_of(known.begin(),
                            known.end(),
                            [&](std::string_view const k)
                            {
                                return to_upper(k) == n;
                            }))
        {
            std::vector<std::string> names{known.begin(), known.end()};
            names.insert(names.end(), {"patient", "genotype", "prior_history"});
            throw input_error{where + "unknown column '" + std::string{trim(f)}
                              + "' in the header (known: " + join(names, ", ") + ")"};
        }
        if (std::find(seen.begin(), seen.end(), n) != seen.end())
            throw input_error{where + "column '" + std::string{trim(f)} + "' appears twice in the header"};
        seen.push_back(n);
        std::size_t const i = c.own.size();
        if (n == "PATIENT")
            patient = i;
        else if (n == "GENOTYPE")
            c.genotype = i;
        else if (n == "PRIOR_HISTORY")
            c.prior_history = i;
        else
            rest.emplace_back(f);
        c.own.push_back(own);
    }
    if (!patient)
        throw input_error{where + "the header has no 'patient' column"};
    if (std::find(seen.begin(), seen.end(), "DATE") == seen.end())
        throw input_error{where + "the header has no 'date' column"};
    c.patient = *patient;
    c.count = c.own.size();
    c.header = join(rest, "\t");
    return c;
}

// A per-patient value given on rows (genotype, prior_history): the same wherever it is given.
struct patient_value
{
    std::string value;
    std::size_t line{0};
};

struct building
{
    cohort_patient patient;
    std::optional<patient_value> genotype, prior_history;
    std::vector<std::pair<std::size_t, std::string>> rows;
};

// Record `cell` as the patient's `what`; false (and the patient's error) if it differs from before.
bool take_value(building & b,
                std::optional<patient_value> & slot,
                std::string_view const cell,
                std::size_t const line,
                std::string const & name,
                std::string const & what)
{
    if (cell.empty())
        return true;
    if (!slot)
    {
        slot = patient_value{std::string{cell}, line};
        return true;
    }
    if (to_upper(slot->value) == to_upper(cell))
        return true;
    b.patient.error = name + ":" + std::to_string(line) + ": " + what + " '" + std::string{cell} + "' differs from '"
                      + slot->value + "' on line " + std::to_string(slot->line) + " for patient " + b.patient.id
                      + " (one " + what + " per patient)";
    return false;
}

} // namespace

std::vector<timeline_line> cohort_patient::numbered_lines() const
{
    std::vector<timeline_line> out;
    for (auto const & [n, text] : lines)
        out.push_back({n, text});
    return out;
}

bool has_patient_column(std::string_view const text)
{
    for (timeline_line const & l : numbered(text))
    {
        if (trim(l.text).empty() || l.text.front() == '#')
            continue;
        for (std::string_view const f : split(l.text, '\t'))
            if (to_upper(trim(f)) == "PATIENT")
                return true;
        return false;
    }
    return false;
}

std::vector<cohort_patient> split_cohort(std::string_view const text, std::string const & name)
{
    std::optional<cohort_columns> cols;
    std::size_t header_line = 0;
    std::vector<building> patients;
    std::map<std::string, std::size_t> index; // patient id -> position in `patients`
    for (timeline_line const & l : numbered(text))
    {
        std::string const where = name + ":" + std::to_string(l.number) + ": ";
        if (trim(l.text).empty())
            continue;
        if (l.text.front() == '#')
        {
            if (!cols && is_directive(l.text))
                throw input_error{where + "directive '" + std::string{l.text.substr(0, l.text.find('=') + 1)}
                                  + "' in a file with a patient column, where it would apply to every patient: give "
                                    "genotype and prior_history as columns (comment lines start with '# ')"};
            continue;
        }
        if (!cols)
        {
            cols = read_header(l.text, where);
            header_line = l.number;
            continue;
        }
        std::vector<std::string_view> const fields = split(l.text, '\t');
        std::string const id = cols->patient < fields.size() ? std::string{trim(fields[cols->patient])} : "";
        if (id.empty())
        {
            building b;
            b.patient.id = "unnamed_line" + std::to_string(l.number);
            b.patient.first_line = l.number;
            b.patient.error = where + "empty patient cell (every row needs the patient's id)";
            patients.push_back(std::move(b));
            continue;
        }
        auto [it, added] = index.try_emplace(id, patients.size());
        if (added)
        {
            patients.emplace_back();
            patients.back().patient.id = id;
            patients.back().patient.first_line = l.number;
        }
        building & b = patients[it->second];
        if (!b.patient.error.empty())
            continue; // its first problem is reported
        if (fields.size() > cols->count)
        {
            b.patient.error = where + std::to_string(fields.size()) + " fields but the header has "
                              + std::to_string(cols->count) + " columns";
            continue;
        }
        auto cell = [&](std::optional<std::size_t> const i)
        {
            return i && *i < fields.size() ? trim(fields[*i]) : std::string_view{};
        };
        if (!take_value(b, b.genotype, cell(cols->genotype), l.number, name, "genotype")
            || !take_value(b, b.prior_history, cell(cols->prior_history), l.number, name, "prior_history"))
            continue;
        std::vector<std::string> rest;
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (!cols->own[i])
                rest.emplace_back(fields[i]);
        b.rows.emplace_back(l.number, join(rest, "\t"));
    }
    if (!cols)
        throw input_error{name
                          + ": no header line (a file with a patient column needs column names: patient, date, …)"};
    if (patients.empty())
        throw input_error{name + ": no rows after the header"};

    std::vector<cohort_patient> out;
    for (building & b : patients)
    {
        cohort_patient & p = b.patient;
        if (p.error.empty())
        {
            p.lines.emplace_back(p.first_line, "#patient=" + p.id);
            if (b.genotype)
                p.lines.emplace_back(b.genotype->line, "#genotype=" + b.genotype->value);
            if (b.prior_history)
                p.lines.emplace_back(b.prior_history->line, "#prior_history=" + b.prior_history->value);
            p.lines.emplace_back(header_line, cols->header);
            for (auto & r : b.rows)
                p.lines.push_back(std::move(r));
        }
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace hbvdr
