#include <algorithm>
#include <map>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/sha256.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/monitor/definitions.hpp>

namespace hbvdr
{

namespace
{

constexpr std::string_view defs_magic = "#hbvdr-monitoring-definitions";
constexpr std::string_view sources_magic = "#hbvdr-monitoring-sources";
constexpr std::string_view messages_magic = "#hbvdr-monitoring-messages";

std::string read_data_file(std::filesystem::path const & p)
{
    std::optional<std::string> text = read_whole_file(p);
    if (!text)
        throw data_error{p.string() + ": cannot be opened (is --data-dir pointing at hbvdr's data/ directory?)"};
    return std::move(*text);
}

bool is_numeric_unit(std::string_view const u)
{
    return u == "week" || u == "weeks" || u == "days" || u == "count" || u == "log10 IU/mL" || u == "IU/mL"
           || u == "x ULN";
}

bool is_list_unit(std::string_view const u)
{
    return u == "drugs" || u == "genotypes" || u == "drug pairs";
}

std::string canonical_drug(std::string_view const code, std::vector<std::string> const & known)
{
    for (std::string const & k : known)
        if (to_upper(k) == to_upper(code))
            return k;
    return {};
}

// Lines of a TSV file after the magic line: (line number, fields); blank lines skipped.
std::vector<std::pair<std::size_t, std::vector<std::string_view>>> tsv_rows(std::string_view const text,
                                                                            std::string_view const magic,
                                                                            std::string const & name,
                                                                            std::vector<std::string> const & header)
{
    std::vector<std::pair<std::size_t, std::vector<std::string_view>>> rows;
    std::size_t line_no = 0;
    bool magic_seen = false, header_seen = false;
    for (std::string_view line : split(text, '\n'))
    {
        ++line_no;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        std::string const where = name + ":" + std::to_string(line_no);
        if (!magic_seen)
        {
            std::vector<std::string_view> const f = split(line, '\t');
            long long v = 0;
            if (f.size() != 2 || f[0] != magic || !parse_int(f[1], v))
                throw data_error{where + ": not an hbvdr monitoring file (expected '" + std::string{magic}
                                 + "<TAB>1' on the first line)"};
            if (v != monitoring_definitions::format_version)
                throw data_error{where + ": format version " + std::to_string(v)
                                 + " is not supported by this hbvdr (supports "
                                 + std::to_string(monitoring_definitions::format_version) + ")"};
            magic_seen = true;
            continue;
        }
        if (trim(line).empty())
            continue;
        std::vector<std::string_view> f = split(line, '\t');
        if (!header_seen)
        {
            std::vector<std::string> got(f.begin(), f.end());
            if (got != header)
                throw data_error{where + ": header must be '" + join(header, "<TAB>") + "'"};
            header_seen = true;
            continue;
        }
        if (f.size() != header.size())
            throw data_error{where + ": " + std::to_string(f.size()) + " fields, expected "
                             + std::to_string(header.size())};
        for (std::string_view & x : f)
            x = trim(x);
        rows.emplace_back(line_no, std::move(f));
    }
    if (!magic_seen)
        throw data_error{name + ": empty file"};
    if (!header_seen)
        throw data_error{name + ": no header line"};
    return rows;
}

// The `{name}` placeholders of a template, in order; throws data_error (at `where`) on an
// unbalanced brace or an empty name.
std::vector<std::string_view> placeholders(std::string_view const text, std::string const & where)
{
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] == '}')
            throw data_error{where + ": '}' without '{' in the template"};
        if (text[i] != '{')
            continue;
        std::size_t const close = text.find_first_of("{}", i + 1);
        if (close == std::string_view::npos || text[close] != '}' || close == i + 1)
            throw data_error{where + ": '{' must open a placeholder '{name}' in the template"};
        out.push_back(text.substr(i + 1, close - i - 1));
        i = close;
    }
    return out;
}

} // namespace

std::vector<monitoring_requirement> const & monitoring_requirements()
{
    static std::vector<monitoring_requirement> const req{
        {"WINDOW", "tolerance_weeks", "weeks"},
        {"BASELINE", "lookback_weeks", "weeks"},
        {"PNR-W12", "week", "week"},
        {"PNR-W12", "min_decline", "log10 IU/mL"},
        {"PNR-W24", "week", "week"},
        {"PNR-W24", "min_decline", "log10 IU/mL"},
        {"PVR-W24", "week", "week"},
        {"PVR-W24", "drugs", "drugs"},
        {"PVR-W24", "min_decline", "log10 IU/mL"},
        {"PVR-W48", "week", "week"},
        {"PVR-W48", "drugs", "drugs"},
        {"PVR-W48", "min_decline", "log10 IU/mL"},
        {"VBT", "min_rise", "log10 IU/mL"},
        {"VBT", "min_weeks", "weeks"},
        {"VBT", "confirmations", "count"},
        {"VBT", "confirm_min_days", "days"},
        {"REBOUND", "min_above_baseline", "log10 IU/mL"},
        {"BBT", "alt_uln_factor", "x ULN"},
        {"RELAPSE", "min_rise", "log10 IU/mL"},
        {"RELAPSE", "confirmations", "count"},
        {"RELAPSE", "confirm_min_days", "days"},
        {"PEG-EPOS-W12-BC", "week", "week"},
        {"PEG-EPOS-W12-BC", "hbsag_limit", "IU/mL"},
        {"PEG-EPOS-W12-BC", "genotypes", "genotypes"},
        {"PEG-EPOS-W12-AD", "week", "week"},
        {"PEG-EPOS-W12-AD", "min_hbsag_decline", "log10 IU/mL"},
        {"PEG-EPOS-W12-AD", "genotypes", "genotypes"},
        {"PEG-EPOS-W24", "week", "week"},
        {"PEG-EPOS-W24", "hbsag_limit", "IU/mL"},
        {"PEG-ENEG-W12", "week", "week"},
        {"PEG-ENEG-W12", "min_hbsag_decline", "log10 IU/mL"},
        {"PEG-ENEG-W12", "min_dna_decline", "log10 IU/mL"},
        {"PEG-DNA-W24", "week", "week"},
        {"PEG-DNA-W24", "min_dna_decline", "log10 IU/mL"},
        {"PEG-DNA-W32", "week", "week"},
        {"PEG-DNA-W32", "min_dna_decline", "log10 IU/mL"},
        {"FL-LOW-BARRIER", "drugs", "drugs"},
        {"FL-LAM-HIGH-DNA", "drugs", "drugs"},
        {"FL-LAM-HIGH-DNA", "hbv_dna_above", "IU/mL"},
        {"FL-ADV-HBEAG-POS", "drugs", "drugs"},
        {"FL-PEG-HIGH-DNA-LOW-ALT", "hbv_dna_at_or_above", "IU/mL"},
        {"FL-PEG-HIGH-DNA-LOW-ALT", "alt_below", "x ULN"},
        {"FL-LDT-PEG", "drugs", "drugs"},
        {"FL-SEQ-MONO", "cross_resistant_pairs", "drug pairs"},
        {"FL-SEQ-MONO", "add_not_switch_pairs", "drug pairs"},
    };
    return req;
}

std::vector<message_requirement> const & message_requirements()
{
    static std::vector<message_requirement> const req{
        {"NEXT-BBT", {}},
        {"NEXT-VBT-REPEAT", {"date", "min_rise"}},
        {"NEXT-ADHERENCE", {}},
        {"NEXT-PNR", {}},
        {"NEXT-PVR-W24", {}},
        {"NEXT-PVR-W48", {}},
        {"NEXT-ORDER-GENOTYPE", {}},
        {"NEXT-GENOTYPIC-RESISTANCE", {"resistance", "mutation_db"}},
        {"NEXT-GENOTYPIC-RESISTANCE-CAUTIONS", {"resistance", "mutation_db"}},
        {"NEXT-NO-GENOTYPIC-RESISTANCE", {}},
        {"NEXT-PEG-STOP", {"rule", "week"}},
        {"NEXT-RELAPSE", {}},
        {"NEXT-NO-DNA-YET", {"regimen"}},
        {"NEXT-CONTINUE", {"regimen"}},
        {"NEXT-REVIEW-FIRST-LINE", {"count"}},
        {"FL-LOW-BARRIER", {"regimen"}},
        {"FL-LAM-HIGH-DNA", {"drug", "Drug", "dna", "limit"}},
        {"FL-ADV-HBEAG-POS", {"drug", "Drug"}},
        {"FL-PEG-HIGH-DNA-LOW-ALT", {"dna", "dna_limit", "alt", "alt_limit"}},
        {"FL-LDT-PEG", {"drugs"}},
        {"FL-SEQ-MONO-CROSS", {"first", "second"}},
        {"FL-SEQ-MONO-ADD", {"first", "second"}},
    };
    return req;
}

monitoring_definitions monitoring_definitions::parse(std::string_view const defs_text,
                                                     std::string_view const sources_text,
                                                     std::string const & defs_name,
                                                     std::string const & sources_name,
                                                     std::vector<std::string> const & known_drugs)
{
    monitoring_definitions d;
    d.m_defs_sha = sha256_hex(defs_text);
    d.m_sources_sha = sha256_hex(sources_text);

    for (auto const & [line, f] : tsv_rows(sources_text, sources_magic, sources_name, {"key", "citation", "url"}))
    {
        std::string const where = sources_name + ":" + std::to_string(line);
        if (f[0].empty() || f[1].empty())
            throw data_error{where + ": key and citation must not be empty"};
        if (d.find_source(f[0]) != nullptr)
            throw data_error{where + ": duplicate source key '" + std::string{f[0]} + "'"};
        d.m_sources.push_back({std::string{f[0]}, std::string{f[1]}, std::string{f[2]}, line});
    }

    std::vector<monitoring_requirement> const & req = monitoring_requirements();
    for (auto const & [line, f] :
         tsv_rows(defs_text,
                  defs_magic,
                  defs_name,
                  {"id", "parameter", "value", "unit", "applies_to", "source", "evidence", "description"}))
    {
        std::string const where = defs_name + ":" + std::to_string(line);
        monitoring_parameter p;
        p.id = f[0];
        p.parameter = f[1];
        p.value_text = f[2];
        p.unit = f[3];
        p.applies_to = f[4];
        p.evidence = f[6];
        p.description = f[7];
        p.line = line;
        auto const r = std::find_if(req.begin(),
                                    req.end(),
                                    [&](monitoring_requirement const & q)
                                    {
                                        return q.id == p.id && q.parameter == p.parameter;
                                    });
        if (r == req.end())
            throw data_error{where + ": unknown definition '" + p.id + "/" + p.parameter
                             + "' (this hbvdr reads the pairs listed in docs/monitor.md)"};
        if (d.m_rows.end()
            != std::find_if(d.m_rows.begin(),
                            d.m_rows.end(),
                            [&](monitoring_parameter const & o)
                            {
                                return o.id == p.id && o.parameter == p.parameter;
                            }))
            throw data_error{where + ": duplicate definition '" + p.id + "/" + p.parameter + "'"};
        if (p.unit != r->unit)
            throw data_error{where + ": unit of " + p.id + "/" + p.parameter + " must be '" + std::string{r->unit}
                             + "', not '" + p.unit + "'"};
        if (p.evidence != "V" && p.evidence != "L" && p.evidence != "T")
            throw data_error{where + ": evidence must be V, L or T, not '" + p.evidence + "'"};
        if (p.description.empty())
            throw data_error{where + ": description must not be empty"};
        for (std::string_view s : split(f[5], ';'))
        {
            s = trim(s);
            if (d.find_source(s) == nullptr)
                throw data_error{where + ": unknown source '" + std::string{s} + "' (not in " + sources_name + ")"};
            p.sources.emplace_back(s);
        }
        if (is_numeric_unit(p.unit))
        {
            if (!parse_double(p.value_text, p.value) || p.value < 0)
                throw data_error{where + ": value '" + p.value_text + "' is not a non-negative number"};
        }
        else if (is_list_unit(p.unit))
        {
            for (std::string_view item : split(p.value_text, ','))
            {
                item = trim(item);
                std::string const it{item};
                if (p.unit == "genotypes")
                {
                    if (item.size() != 1 || item[0] < 'A' || item[0] > 'J')
                        throw data_error{where + ": '" + it + "' is not a genotype letter A-J"};
                    p.list.push_back(it);
                    continue;
                }
                std::vector<std::string_view> parts =
                    p.unit == "drug pairs" ? split(item, '>') : std::vector<std::string_view>{item};
                if (p.unit == "drug pairs" && parts.size() != 2)
                    throw data_error{where + ": '" + it + "' is not a drug pair FROM>TO"};
                std::vector<std::string> canon;
                for (std::string_view const code : parts)
                {
                    std::string const c = canonical_drug(trim(code), known_drugs);
                    if (c.empty())
                        throw data_error{where + ": unknown drug '" + std::string{trim(code)}
                                         + "' (known: " + join(known_drugs, ", ") + ")"};
                    canon.push_back(c);
                }
                p.list.push_back(join(canon, ">"));
            }
        }
        d.m_rows.push_back(std::move(p));
    }
    for (monitoring_requirement const & q : req)
        if (d.m_rows.end()
            == std::find_if(d.m_rows.begin(),
                            d.m_rows.end(),
                            [&](monitoring_parameter const & o)
                            {
                                return o.id == q.id && o.parameter == q.parameter;
                            }))
            throw data_error{defs_name + ": missing definition '" + std::string{q.id} + "/" + std::string{q.parameter}
                             + "' (unit " + std::string{q.unit} + ")"};
    return d;
}

monitoring_definitions monitoring_definitions::load(std::filesystem::path const & dir,
                                                    std::vector<std::string> const & known_drugs)
{
    std::filesystem::path const defs_path = dir / "definitions.tsv";
    std::filesystem::path const sources_path = dir / "sources.tsv";
    std::filesystem::path const sums_path = dir / "SHA256SUMS";
    std::string const defs = read_data_file(defs_path);
    std::string const sources = read_data_file(sources_path);
    std::string const sums = read_data_file(sums_path);
    std::map<std::string, std::string> expected;
    std::size_t line_no = 0;
    for (std::string_view line : split(sums, '\n'))
    {
        ++line_no;
        line = trim(line);
        if (line.empty())
            continue;
        std::size_t const sp = line.find("  ");
        if (sp != 64)
            throw data_error{sums_path.string() + ":" + std::to_string(line_no)
                             + ": expected '<sha256>  <file>' (sha256sum output)"};
        expected[std::string{line.substr(66)}] = std::string{line.substr(0, 64)};
    }
    auto const check = [&](std::string const & name, std::string const & text)
    {
        auto const it = expected.find(name);
        if (it == expected.end())
            throw data_error{sums_path.string() + ": no checksum for " + name};
        if (std::string const got = sha256_hex(text); got != it->second)
            throw data_error{(dir / name).string() + ": sha256 " + got + " does not match SHA256SUMS (" + it->second
                             + "); the file was changed or damaged. If the change is intended, run 'sha256sum "
                               "definitions.tsv sources.tsv messages.tsv > SHA256SUMS' in "
                             + dir.string()};
    };
    check("definitions.tsv", defs);
    check("sources.tsv", sources);
    std::string const messages = read_data_file(dir / "messages.tsv");
    check("messages.tsv", messages);
    monitoring_definitions d =
        parse(defs, sources, defs_path.filename().string(), sources_path.filename().string(), known_drugs);
    d.parse_messages(messages, "messages.tsv");
    return d;
}

void monitoring_definitions::parse_messages(std::string_view const text, std::string const & name)
{
    m_messages_sha = sha256_hex(text);
    m_messages.clear();
    std::vector<message_requirement> const & req = message_requirements();
    for (auto const & [line, f] :
         tsv_rows(text, messages_magic, name, {"id", "when", "template", "sources", "evidence"}))
    {
        std::string const where = name + ":" + std::to_string(line);
        monitoring_message m{
            std::string{f[0]}, std::string{f[1]}, std::string{f[2]}, false, {}, std::string{f[4]}, line};
        auto const r = std::find_if(req.begin(),
                                    req.end(),
                                    [&](message_requirement const & q)
                                    {
                                        return q.id == m.id;
                                    });
        if (r == req.end())
            throw data_error{where + ": unknown message id '" + m.id
                             + "' (this hbvdr renders the ids listed in data/monitoring/README.md)"};
        for (monitoring_message const & o : m_messages)
            if (o.id == m.id)
                throw data_error{where + ": duplicate message id '" + m.id + "' (first on line "
                                 + std::to_string(o.line) + ")"};
        if (m.text.empty())
            throw data_error{where + ": template must not be empty"};
        for (std::string_view const p : placeholders(m.text, where))
            if (std::find(r->placeholders.begin(), r->placeholders.end(), p) == r->placeholders.end())
                throw data_error{
                    where + ": unknown placeholder '{" + std::string{p} + "}' in " + m.id + " (it may use: "
                    + join(std::vector<std::string>(r->placeholders.begin(), r->placeholders.end()), ", ") + ")"};
        m.cites_definition = f[3] == "definition";
        if (m.cites_definition != (m.evidence == "definition"))
            throw data_error{where + ": sources and evidence are both 'definition' or neither is"};
        if (m.cites_definition)
            m.evidence.clear();
        else if (m.evidence != "V" && m.evidence != "L" && m.evidence != "T")
            throw data_error{where + ": evidence must be V, L, T or definition, not '" + m.evidence + "'"};
        if (!m.cites_definition && f[3] != "-")
            for (std::string_view s : split(f[3], ';'))
            {
                s = trim(s);
                if (find_source(s) == nullptr)
                    throw data_error{where + ": unknown source '" + std::string{s} + "' (not in sources.tsv)"};
                m.sources.emplace_back(s);
            }
        m_messages.push_back(std::move(m));
    }
    for (message_requirement const & q : req)
        if (std::none_of(m_messages.begin(),
                         m_messages.end(),
                         [&](monitoring_message const & m)
                         {
                             return m.id == q.id;
                         }))
            throw data_error{name + ": missing message '" + std::string{q.id} + "'"};
}

monitoring_message const & monitoring_definitions::message(std::string_view const id) const
{
    for (monitoring_message const & m : m_messages)
        if (m.id == id)
            return m;
    throw data_error{"monitoring messages: missing '" + std::string{id} + "'"};
}

std::string monitoring_definitions::render(std::string_view const id,
                                           std::initializer_list<message_arg> const args) const
{
    std::string_view const text = message(id).text;
    std::string out;
    std::size_t from = 0;
    for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', from))
    {
        std::size_t const close = text.find('}', open);
        std::string_view const name = text.substr(open + 1, close - open - 1);
        auto const a = std::find_if(args.begin(),
                                    args.end(),
                                    [&](message_arg const & x)
                                    {
                                        return x.name == name;
                                    });
        if (a == args.end())
            throw data_error{"monitoring message " + std::string{id} + ": no value for {" + std::string{name} + "}"};
        out.append(text.substr(from, open - from)).append(a->value);
        from = close + 1;
    }
    return out.append(text.substr(from));
}

monitoring_parameter const & monitoring_definitions::get(std::string_view const id,
                                                         std::string_view const parameter) const
{
    for (monitoring_parameter const & p : m_rows)
        if (p.id == id && p.parameter == parameter)
            return p;
    throw data_error{"monitoring definitions: missing '" + std::string{id} + "/" + std::string{parameter} + "'"};
}

std::string monitoring_definitions::evidence(std::string_view const id) const
{
    // Conventions (T) are working parameters, not evidence: they decide only when every row is one.
    std::string out;
    for (monitoring_parameter const & p : m_rows)
        if (p.id == id && (out.empty() || out == "T" || (p.evidence == "L" && out == "V")))
            out = p.evidence == "T" && !out.empty() ? out : p.evidence;
    return out;
}

std::vector<std::string> monitoring_definitions::sources(std::string_view const id) const
{
    std::vector<std::string> out;
    for (monitoring_parameter const & p : m_rows)
        if (p.id == id)
            for (std::string const & s : p.sources)
                if (std::find(out.begin(), out.end(), s) == out.end())
                    out.push_back(s);
    return out;
}

monitoring_source const * monitoring_definitions::find_source(std::string_view const key) const noexcept
{
    for (monitoring_source const & s : m_sources)
        if (s.key == key)
            return &s;
    return nullptr;
}

} // namespace hbvdr
