//!\file
//!\brief The run's index page: one row per sample (made from a sample_report or read back from
//! its results.json entry), the counts, the cohort section and the sample table.

#include <algorithm>

#include <hbvdr/core/text.hpp>
#include <hbvdr/io/json_fields.hpp>
#include <hbvdr/report/disclaimer.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/tables.hpp>

#include "../report_view.hpp"
#include "page.hpp"
#include <nlohmann/json.hpp>

namespace hbvdr
{

namespace
{

using namespace hbvdr::detail;

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

// The drug columns (code, name): the union of the rows' drugs in first-seen order.
using drug_columns = std::vector<std::pair<std::string, std::string>>;

drug_columns index_drugs(std::vector<index_row> const & rows)
{
    drug_columns drugs;
    for (index_row const & r : rows)
        for (index_drug const & d : r.drugs)
            if (std::find_if(drugs.begin(),
                             drugs.end(),
                             [&](auto const & p)
                             {
                                 return p.first == d.code;
                             })
                == drugs.end())
                drugs.emplace_back(d.code, d.name);
    return drugs;
}

// The page's header: the samples counted by status, the database, the software.
std::string index_header(std::vector<index_row> const & rows, report_options const & opts)
{
    std::size_t ok = 0, warning = 0, error = 0;
    for (index_row const & r : rows)
    {
        ok += r.status == sample_status::ok;
        warning += r.status == sample_status::warning;
        error += r.status == sample_status::error;
    }
    std::string o = "<header>\n<h1>HBV genotypic drug-resistance reports</h1>\n<dl class=\"meta\">\n";
    o += "<dt>Samples</dt><dd id=\"counts\">" + std::to_string(rows.size()) + " (" + std::to_string(ok) + " ok, "
         + std::to_string(warning) + " warning, " + std::to_string(error) + " error)</dd>\n";
    o += "<dt>Mutation database</dt><dd>" + esc(opts.db_label.empty() ? "as named in each report" : opts.db_label)
         + "</dd>\n";
    o += "<dt>Software</dt><dd>hbvdr" + esc(opts.tool_version.empty() ? "" : " " + opts.tool_version)
         + "</dd>\n</dl>\n</header>\n";
    return o;
}

// The start of the samples section, up to the table's body: the key to the levels, the column heads.
std::string sample_table_head(drug_columns const & drugs)
{
    std::string o = "<section id=\"samples\">\n<h2>Samples</h2>\n";
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
    return o;
}

// The level cells of a row, one per drug column ("-" where the sample has no level for the drug).
std::string level_cells(index_row const & r, drug_columns const & drugs)
{
    std::string o;
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
    return o;
}

// The row of sample number `n` (from 1), linked to its page when it has a relative one.
std::string sample_row(index_row const & r, std::size_t const n, drug_columns const & drugs)
{
    std::string const target = link_target(r.href);
    std::string const name =
        target.empty() ? esc(r.sample) : "<a href=\"" + esc(target) + "\">" + esc(r.sample) + "</a>";
    std::string o = "<tr class=\"st-" + std::string{to_string(r.status)} + "\"><td>" + std::to_string(n)
                    + "</td><th scope=\"row\">" + name + "<br><span class=\"note\">"
                    + esc(r.input_file + (r.record > 0 ? ", record " + std::to_string(r.record) : "")) + "</span></th>";
    o += "<td>" + esc(to_string(r.status)) + "</td>";
    if (r.status == sample_status::error)
        return o + "<td colspan=\"" + std::to_string(4 + drugs.size()) + "\">not analysed: " + esc(r.error)
               + "</td></tr>\n";
    o += "<td>" + esc(r.qc_status) + "</td><td>" + esc(r.genotype) + "</td><td class=\"nowrap\">" + esc(r.rt_covered)
         + "</td>";
    o += level_cells(r, drugs);
    o += "<td class=\"muts\">" + (r.resistance.empty() ? std::string{"none"} : esc(join(r.resistance, ", ")))
         + "</td></tr>\n";
    return o;
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
    drug_columns const drugs = index_drugs(rows);
    std::string o = page_head("HBV resistance reports: run index", opts, "index");
    o += index_header(rows, opts);
    if (cohort != nullptr)
        o += html_cohort_section(*cohort, drugs);
    o += sample_table_head(drugs);
    std::size_t n = 0;
    for (index_row const & r : rows)
        o += sample_row(r, ++n, drugs);
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
