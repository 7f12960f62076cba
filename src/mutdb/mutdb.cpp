#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <hbvdr/core/bundled.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/sha256.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/io/tsv_table.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/reference/reference.hpp>

namespace hbvdr
{

namespace
{

std::string read_all(std::filesystem::path const & p)
{
    std::optional<std::string> text = read_whole_file(p);
    if (!text)
        throw data_error{p.string() + ": cannot be opened (is --db pointing at a mutation-db release directory?)"};
    return std::move(*text);
}

// A table of a release: its exact header, every row the header's number of cells, trimmed.
std::vector<tsv_line>
read_table(std::filesystem::path const & dir, std::string const & file, std::string_view const header)
{
    tsv_format const format{
        .what = "mutation-db table", .header = header, .help = "see mutation-db/SCHEMA.md", .errors = tsv_errors::data};
    return parse_tsv(read_all(dir / file), file, format).rows;
}

std::vector<std::string> list(std::string const & cell)
{
    std::vector<std::string> out;
    for (std::string_view v : split(cell, ';'))
        if (!trim(v).empty())
            out.emplace_back(trim(v));
    return out;
}

gene parse_gene(std::string const & v, std::string const & where)
{
    if (v == "RT")
        return gene::rt;
    if (v == "S")
        return gene::s;
    throw data_error{where + ": gene must be RT or S, not '" + v + "'"};
}

rule_level parse_level(std::string const & v, std::string const & where)
{
    if (v == "S")
        return rule_level::S;
    if (v == "I")
        return rule_level::I;
    if (v == "R")
        return rule_level::R;
    throw data_error{where + ": level must be S, I or R, not '" + v + "'"};
}

db_mutation parse_mutation_row(tsv_line const & r, std::string const & file, bool const hbsag)
{
    std::string const where = file + ":" + std::to_string(r.line);
    auto const & c = r.cells;
    db_mutation m;
    m.id = c[0];
    m.g = parse_gene(c[1], where);
    long long pos = 0;
    if (!parse_int(c[2], pos))
        throw data_error{where + ": position '" + c[2] + "' is not a number"};
    m.pos = static_cast<int>(pos);
    if (c[3].size() != 1 || aa_index(c[3][0]) < 0)
        throw data_error{where + ": wild type '" + c[3] + "' must be one amino-acid letter"};
    m.wildtype = c[3][0];
    bool ok = false;
    m.mutants = aa_set::from_string(c[4], &ok);
    if (!ok)
        throw data_error{where + ": mutants '" + c[4] + "' must be one-letter amino-acid codes"};
    if (hbsag)
    {
        m.category = c[5];
        m.evidence = c[6];
        m.references = list(c[7]);
        m.comment = c[8];
    }
    else
    {
        m.role = c[5];
        m.drugs = list(c[6]);
        m.evidence = c[7];
        m.references = list(c[8]);
        m.comment = c[9];
    }
    m.line = r.line;
    return m;
}

} // namespace

mutation_db mutation_db::load(std::filesystem::path const & dir, reference_set const * refs)
{
    mutation_db db;
    db.m_dir = dir;
    std::string const manifest_text = read_all(dir / "manifest.tsv");
    db.m_manifest_sha = sha256_hex(manifest_text);
    std::map<std::string, std::string> kv;
    // key<TAB>value rows (a 'key' row is the header) and file<TAB>name<TAB>sha256 rows, untrimmed.
    tsv_format const manifest_format{
        .what = "mutation-db manifest", .has_header = false, .trim_cells = false, .errors = tsv_errors::data};
    for (tsv_line const & r : parse_tsv(manifest_text, "manifest.tsv", manifest_format).rows)
    {
        auto const & f = r.cells;
        std::string const where = "manifest.tsv:" + std::to_string(r.line);
        if (f[0] == "key")
            continue;
        if (f[0] == "file")
        {
            if (f.size() != 3)
                throw data_error{where + ": a file row needs a name and a sha256"};
            db.m_files.emplace_back(f[1], f[2]);
            continue;
        }
        if (f.size() != 2)
            throw data_error{where + ": expected 'key<TAB>value'"};
        kv[f[0]] = f[1];
    }
    for (std::string const key :
         {"db_name", "version", "release_date", "schema_version", "numbering", "reference_accession"})
        if (kv.count(key) == 0)
            throw data_error{(dir / "manifest.tsv").string() + ": no '" + key + "' entry"};
    long long schema = 0;
    if (!parse_int(kv["schema_version"], schema) || schema < oldest_schema || schema > supported_schema)
        throw data_error{(dir / "manifest.tsv").string() + ": schema_version " + kv["schema_version"]
                         + " is not supported by this hbvdr (it reads schemas " + std::to_string(oldest_schema) + "-"
                         + std::to_string(supported_schema)
                         + "); use an hbvdr release that supports it, or select a compatible database with --db"};
    db.m_schema = static_cast<int>(schema);
    db.m_name = kv["db_name"];
    db.m_version = kv["version"];
    db.m_date = kv["release_date"];
    db.m_numbering = kv["numbering"];
    db.m_reference_accession = kv["reference_accession"];

    // Every file of the release is listed with its checksum, and nothing else is there.
    std::set<std::string> listed;
    for (auto const & [name, sha] : db.m_files)
    {
        if (name.find('/') != std::string::npos || name.find("..") != std::string::npos)
            throw data_error{(dir / "manifest.tsv").string() + ": file '" + name
                             + "' must be a plain name in the release directory"};
        std::filesystem::path const p = dir / name;
        std::error_code ec; // a name the file system refuses (too long, ...) is the manifest's error
        if (!std::filesystem::is_regular_file(p, ec))
            throw data_error{p.string() + ": listed in the manifest but missing"
                             + (ec && ec != std::errc::no_such_file_or_directory ? " (" + ec.message() + ")" : "")};
        if (std::string const got = sha256_file(p.string()); got != sha)
            throw data_error{p.string() + ": sha256 " + got + " does not match the manifest (" + sha
                             + "): a released database is never edited; restore it from git, or make a new release "
                               "(new directory, CHANGELOG entry) for the change"};
        listed.insert(name);
    }
    for (auto const & entry : std::filesystem::directory_iterator{dir})
    {
        std::string const name = entry.path().filename().string();
        if (entry.is_regular_file() && name != "manifest.tsv" && listed.count(name) == 0)
            throw data_error{entry.path().string()
                             + ": not listed in manifest.tsv (every file of a release is checksummed)"};
    }
    std::vector<std::string> required{
        "references.tsv", "drugs.tsv", "mutations.tsv", "rules.tsv", "hbsag.tsv", "salvage.tsv", "cautions.tsv"};
    if (db.m_schema >= 2)
        required.insert(required.end(), {"rulesets.tsv", "guidelines.tsv"});
    for (std::string const & file : required)
        if (listed.count(file) == 0)
            throw data_error{(dir / "manifest.tsv").string() + ": the release has no " + file};

    for (tsv_line const & r : read_table(dir, "references.tsv", "key\tcitation\tpmid\tdoi\turl"))
        db.m_references.push_back({r.cells[0], r.cells[1], r.cells[2], r.cells[3], r.cells[4], r.line});
    for (tsv_line const & r :
         read_table(dir, "drugs.tsv", "code\tname\tclass\tgenetic_barrier\tinterpret\tfollows\treferences\tcomment"))
    {
        std::string const where = "drugs.tsv:" + std::to_string(r.line);
        auto const & c = r.cells;
        if (c[4] != "yes" && c[4] != "no")
            throw data_error{where + ": interpret must be yes or no"};
        db.m_drugs.push_back({c[0], c[1], c[2], c[3], c[4] == "yes", c[5], list(c[6]), c[7], r.line});
    }
    for (tsv_line const & r : read_table(
             dir, "mutations.tsv", "id\tgene\tpos\twildtype\tmutants\trole\tdrugs\tevidence\treferences\tcomment"))
        db.m_mutations.push_back(parse_mutation_row(r, "mutations.tsv", false));
    for (tsv_line const & r :
         read_table(dir, "hbsag.tsv", "id\tgene\tpos\twildtype\tmutants\tcategory\tevidence\treferences\tcomment"))
        db.m_hbsag.push_back(parse_mutation_row(r, "hbsag.tsv", true));
    db.load_rules(dir);
    db.load_guidance(dir);
    if (refs != nullptr)
    {
        for (db_problem const & p : db.validate(*refs))
            if (p.error)
                throw data_error{(dir / p.where).string() + ": " + p.message + " (run 'hbvdr db validate "
                                 + dir.string() + "' for every problem)"};
    }
    return db;
}

std::optional<mutation_db> mutation_db::load_for_validation(std::filesystem::path const & dir,
                                                            reference_set const & refs,
                                                            std::vector<db_problem> & problems)
{
    try
    {
        mutation_db db = load(dir, nullptr);
        std::vector<db_problem> const found = db.validate(refs);
        problems.insert(problems.end(), found.begin(), found.end());
        return db;
    }
    catch (data_error const & e)
    {
        std::string msg = e.what();
        std::size_t const colon = msg.find(": ");
        problems.push_back({true,
                            colon == std::string::npos ? dir.string() : msg.substr(0, colon),
                            colon == std::string::npos ? msg : msg.substr(colon + 2)});
        return std::nullopt;
    }
}

void mutation_db::load_rules(std::filesystem::path const & dir)
{
    bool const sets = m_schema >= 2;
    if (sets)
        for (tsv_line const & r :
             read_table(dir, "rulesets.tsv", "set\tname\tprimary\tdrugs\tsources\tevidence\tcomment"))
        {
            auto const & c = r.cells;
            if (c[2] != "yes" && c[2] != "no")
                throw data_error{"rulesets.tsv:" + std::to_string(r.line) + ": primary must be yes or no"};
            m_rule_sets.push_back({c[0], c[1], c[2] == "yes", list(c[3]), list(c[4]), c[5], c[6], r.line});
        }
    else
        // Schema 1 has one table of rules: the implicit primary set.
        m_rule_sets.push_back({"default", m_name + " " + m_version, true, {}, {}, "", "", 0});
    std::string_view const header = sets ? "id\tset\tdrug\tlevel\tcondition\tevidence\treferences\tcomment"
                                         : "id\tdrug\tlevel\tcondition\tevidence\treferences\tcomment";
    for (tsv_line const & r : read_table(dir, "rules.tsv", header))
    {
        std::string const where = "rules.tsv:" + std::to_string(r.line);
        std::vector<std::string> c = r.cells;
        if (!sets)
            c.insert(c.begin() + 1, "default");
        db_rule rule;
        rule.id = c[0];
        rule.set = c[1];
        rule.drug = c[2];
        rule.level = parse_level(c[3], where);
        rule.condition_text = c[4];
        rule.condition = parse_expr(c[4], where);
        rule.evidence = c[5];
        rule.references = list(c[6]);
        rule.comment = c[7];
        rule.line = r.line;
        m_rules.push_back(std::move(rule));
    }
    if (std::count_if(m_rule_sets.begin(),
                      m_rule_sets.end(),
                      [](db_rule_set const & x)
                      {
                          return x.primary;
                      })
        != 1)
        throw data_error{"rulesets.tsv: exactly one rule set must be primary (the release's default)"};
}

void mutation_db::load_guidance(std::filesystem::path const & dir)
{
    bool const v2 = m_schema >= 2;
    std::string_view const header = v2 ? "id\tpriority\twhen\trecommendation\tsummary\tguideline\tevidence\tcomment"
                                       : "id\tpriority\twhen\trecommendation\tguideline\tevidence\tcomment";
    for (tsv_line const & r : read_table(dir, "salvage.tsv", header))
    {
        std::string const where = "salvage.tsv:" + std::to_string(r.line);
        std::vector<std::string> c = r.cells;
        if (!v2)
            c.insert(c.begin() + 4, "");
        long long prio = 0;
        if (!parse_int(c[1], prio))
            throw data_error{where + ": priority '" + c[1] + "' is not a number"};
        m_salvage.push_back(
            {c[0], static_cast<int>(prio), c[2], parse_expr(c[2], where), c[3], c[4], c[5], c[6], c[7], r.line});
    }
    for (tsv_line const & r : read_table(dir, "cautions.tsv", "id\twhen\ttext\treferences"))
    {
        std::string const where = "cautions.tsv:" + std::to_string(r.line);
        auto const & c = r.cells;
        m_cautions.push_back({c[0], c[1], parse_expr(c[1], where), c[2], list(c[3]), r.line});
    }
    if (!v2)
        return;
    for (tsv_line const & r : read_table(dir, "guidelines.tsv", "key\tname\tyear\tstatus\tsuperseded_by\tcomment"))
    {
        std::string const where = "guidelines.tsv:" + std::to_string(r.line);
        auto const & c = r.cells;
        long long year = 0;
        if (!parse_int(c[2], year))
            throw data_error{where + ": year '" + c[2] + "' is not a number"};
        if (c[3] != "current" && c[3] != "superseded")
            throw data_error{where + ": status must be current or superseded, not '" + c[3] + "'"};
        m_guidelines.push_back({c[0], c[1], static_cast<int>(year), c[3] == "current", list(c[4]), c[5], r.line});
    }
}

bool db_rule_set::covers(std::string_view const drug) const
{
    return drugs.empty() || std::find(drugs.begin(), drugs.end(), drug) != drugs.end();
}

db_drug const * mutation_db::find_drug(std::string_view const code) const noexcept
{
    for (db_drug const & d : m_drugs)
        if (d.code == code)
            return &d;
    return nullptr;
}

db_reference const * mutation_db::find_reference(std::string_view const key) const noexcept
{
    for (db_reference const & r : m_references)
        if (r.key == key)
            return &r;
    return nullptr;
}

db_rule_set const * mutation_db::find_rule_set(std::string_view const id) const noexcept
{
    for (db_rule_set const & s : m_rule_sets)
        if (s.id == id)
            return &s;
    return nullptr;
}

db_guideline const * mutation_db::find_guideline(std::string_view const key) const noexcept
{
    for (db_guideline const & g : m_guidelines)
        if (g.key == key)
            return &g;
    return nullptr;
}

db_rule_set const & mutation_db::primary_rule_set() const noexcept
{
    for (db_rule_set const & s : m_rule_sets)
        if (s.primary)
            return s;
    return m_rule_sets.front(); // validate() requires exactly one primary set
}

std::vector<db_rule const *> mutation_db::rules_for(std::string_view const drug, std::string_view const set) const
{
    std::vector<db_rule const *> out;
    std::string_view code = drug;
    for (int hop = 0; hop < 4; ++hop)
    {
        for (db_rule const & r : m_rules)
            if (r.drug == code && r.set == set)
                out.push_back(&r);
        db_drug const * d = find_drug(code);
        if (!out.empty() || d == nullptr || d->follows.empty())
            break;
        code = d->follows;
    }
    return out;
}

std::vector<int> mutation_db::key_rt_positions() const
{
    std::set<int> pos;
    for (db_rule const & r : m_rules)
    {
        std::vector<expr const *> atoms;
        collect_atoms(r.condition, atoms);
        for (expr const * a : atoms)
            if (a->g == gene::rt)
                pos.insert(a->pos);
    }
    return {pos.begin(), pos.end()};
}

std::vector<db_problem> mutation_db::validate(reference_set const & refs) const
{
    std::vector<db_problem> out;
    auto error = [&out](std::string const & file, std::size_t const line, std::string msg)
    {
        out.push_back({true, file + ":" + std::to_string(line), std::move(msg)});
    };
    auto note = [&out](std::string const & file, std::size_t const line, std::string msg)
    {
        out.push_back({false, file + ":" + std::to_string(line), std::move(msg)});
    };
    std::set<std::string> const evidence_ok{"V", "C", "L"};

    reference_genome const * numbering = nullptr;
    for (reference_genome const & g : refs.panel())
        if (g.accession == m_reference_accession)
            numbering = &g;
    if (numbering == nullptr)
        out.push_back({true,
                       "manifest.tsv:1",
                       "reference_accession " + m_reference_accession + " is not in hbvdr's reference panel"});

    // The wild-type letter must be the residue of at least one panel genome at that position
    // (catches wrong positions); a difference from the numbering reference is only a note.
    auto check_wildtype = [&](std::string const & file,
                              std::size_t const line,
                              std::string const & what,
                              gene const g,
                              int const pos,
                              char const wt)
    {
        if (pos < 1 || pos > info(g).n_codons)
        {
            error(file,
                  line,
                  what + ": position " + std::to_string(pos) + " is outside " + std::string{info(g).prefix} + "1-"
                      + std::string{info(g).prefix} + std::to_string(info(g).n_codons));
            return;
        }
        std::string const carriers = refs.genotypes_with_residue(g, pos, aa_set::of(wt));
        if (carriers.empty())
        {
            std::string seen;
            for (aa_set const s : refs.native_residues(g, pos))
                seen += s.to_string();
            aa_set const all = aa_set::from_string(seen);
            error(file,
                  line,
                  what + ": wild type " + std::string(1, wt) + " at " + std::string{info(g).prefix}
                      + std::to_string(pos) + " is not the residue of any reference genome (they carry "
                      + all.to_string() + "): wrong position or residue?");
        }
        else if (numbering != nullptr && numbering->residue(g, pos) != wt)
        {
            note(file,
                 line,
                 what + ": wild type " + std::string(1, wt) + " at " + std::string{info(g).prefix} + std::to_string(pos)
                     + " differs from " + m_reference_accession + " (" + std::string(1, numbering->residue(g, pos))
                     + "); it is native in genotype(s) " + carriers);
        }
    };
    auto check_refs = [&](std::string const & file, std::size_t const line, std::vector<std::string> const & keys)
    {
        if (keys.empty())
            error(file, line, "no reference cited (every entry cites a PMID, DOI or guideline key of references.tsv)");
        for (std::string const & k : keys)
            if (find_reference(k) == nullptr)
                error(file, line, "reference '" + k + "' is not defined in references.tsv");
    };
    auto check_evidence = [&](std::string const & file, std::size_t const line, std::string const & ev)
    {
        if (evidence_ok.count(ev) == 0)
            error(file, line, "evidence '" + ev + "' must be V, C or L");
    };

    // references.tsv
    {
        std::set<std::string> keys;
        for (db_reference const & r : m_references)
        {
            std::string const where = "references.tsv";
            std::size_t const line = r.line;
            if (!keys.insert(r.key).second)
                error(where, line, "duplicate key '" + r.key + "'");
            if (r.pmid.empty() && r.doi.empty() && r.url.empty())
                error(where, line, r.key + ": needs a PMID, a DOI or a URL");
            long long pm = 0;
            if (!r.pmid.empty() && !parse_int(r.pmid, pm))
                error(where, line, r.key + ": PMID '" + r.pmid + "' is not a number");
            if (!r.doi.empty() && r.doi.rfind("10.", 0) != 0)
                error(where, line, r.key + ": DOI '" + r.doi + "' does not start with 10.");
        }
    }
    // drugs.tsv
    {
        std::set<std::string> codes;
        for (db_drug const & d : m_drugs)
        {
            std::size_t const line = d.line;
            if (!codes.insert(d.code).second)
                error("drugs.tsv", line, "duplicate drug code '" + d.code + "'");
            if (d.drug_class != "nucleoside" && d.drug_class != "nucleotide" && d.drug_class != "interferon")
                error("drugs.tsv",
                      line,
                      d.code + ": class '" + d.drug_class + "' must be nucleoside, nucleotide or interferon");
            if (d.genetic_barrier != "low" && d.genetic_barrier != "high" && d.genetic_barrier != "n/a")
                error("drugs.tsv", line, d.code + ": genetic_barrier must be low, high or n/a");
            if (!d.follows.empty())
            {
                db_drug const * f = find_drug(d.follows);
                if (f == nullptr)
                    error("drugs.tsv", line, d.code + ": follows unknown drug '" + d.follows + "'");
                else if (!f->follows.empty())
                    error("drugs.tsv", line, d.code + ": follows " + d.follows + ", which itself follows another drug");
            }
            if (d.interpret && rules_for(d.code).empty())
                error("drugs.tsv",
                      line,
                      d.code + ": interpreted (interpret yes) but no rule in rules.tsv and no 'follows'");
            check_refs("drugs.tsv", line, d.references);
        }
    }
    std::string known_codes;
    for (db_drug const & d : m_drugs)
        known_codes += (known_codes.empty() ? "" : ", ") + d.code;

    // mutations.tsv and hbsag.tsv
    for (bool const hb : {false, true})
    {
        std::string const file = hb ? "hbsag.tsv" : "mutations.tsv";
        std::set<std::string> ids;
        for (db_mutation const & m : hb ? m_hbsag : m_mutations)
        {
            if (!ids.insert(m.id).second)
                error(file, m.line, "duplicate id '" + m.id + "'");
            if (m.g != (hb ? gene::s : gene::rt))
                error(file, m.line, m.id + ": gene must be " + std::string{hb ? "S" : "RT"} + " in " + file);
            // The id is the conventional label: the same gene, wild type, position and residue set
            // as the columns (residue order free: rtM204VI).
            bool id_ok = false;
            try
            {
                expr const id = parse_expr(m.id, file);
                id_ok = id.k == expr::kind::mutation && id.g == m.g && id.wildtype == m.wildtype && id.pos == m.pos
                        && id.residues == m.mutants;
            }
            catch (data_error const &)
            {}
            if (!id_ok)
                error(file,
                      m.line,
                      "id '" + m.id + "' does not match its columns (" + std::string{info(m.g).prefix} + m.wildtype
                          + std::to_string(m.pos) + m.mutants.to_string() + ")");
            if (m.mutants.contains(m.wildtype))
                error(file, m.line, m.id + ": the wild-type residue is listed as a mutant");
            check_wildtype(file, m.line, m.id, m.g, m.pos, m.wildtype);
            if (hb)
            {
                static std::set<std::string> const cats{
                    "truncation", "vaccine_escape", "diagnostic_escape", "hbig_escape", "adapt"};
                if (cats.count(m.category) == 0)
                    error(file,
                          m.line,
                          m.id + ": category '" + m.category
                              + "' is not one of truncation, vaccine_escape, diagnostic_escape, hbig_escape, adapt");
            }
            else
            {
                static std::set<std::string> const roles{"primary", "secondary", "putative", "polymorphism"};
                if (roles.count(m.role) == 0)
                    error(file,
                          m.line,
                          m.id + ": role '" + m.role + "' is not one of primary, secondary, putative, polymorphism");
                for (std::string const & d : m.drugs)
                    if (find_drug(d) == nullptr)
                        error(file, m.line, m.id + ": unknown drug '" + d + "' (known: " + known_codes + ")");
            }
            check_evidence(file, m.line, m.evidence);
            check_refs(file, m.line, m.references);
        }
    }

    // Expressions: atoms must be catalogued; level/context atoms only where allowed.
    auto check_expr = [&](std::string const & file, std::size_t const line, expr const & e, bool const context_allowed)
    {
        std::vector<expr const *> stack{&e};
        while (!stack.empty())
        {
            expr const * x = stack.back();
            stack.pop_back();
            for (expr const & c : x->children)
                stack.push_back(&c);
            switch (x->k)
            {
            case expr::kind::mutation:
            {
                check_wildtype(file, line, x->atom_text(), x->g, x->pos, x->wildtype);
                if (!x->native_ok.empty() && !acquired_only())
                    error(file, line, x->atom_text() + ": '@' genotype qualifiers need schema_version 2");
                // A qualifier names genotypes in which a residue is native; anything else is a slip.
                for (char const gt : x->native_ok)
                    if (x->pos >= 1 && x->pos <= info(x->g).n_codons
                        && !refs.native_residues(x->g, x->pos)[static_cast<std::size_t>(genotype_index(gt))].intersects(
                            x->residues))
                        error(file,
                              line,
                              x->atom_text() + ": no panel genome of genotype " + std::string(1, gt) + " carries "
                                  + x->residues.to_string() + " at " + std::string{info(x->g).prefix}
                                  + std::to_string(x->pos) + ", so '@" + std::string(1, gt) + "' has no effect");
                auto const & catalogue = x->g == gene::rt ? m_mutations : m_hbsag;
                bool catalogued = false;
                for (db_mutation const & m : catalogue)
                    catalogued =
                        catalogued || (m.pos == x->pos && m.wildtype == x->wildtype && m.mutants.contains(x->residues));
                if (!catalogued)
                    error(file,
                          line,
                          x->atom_text() + " is not catalogued in "
                              + std::string{x->g == gene::rt ? "mutations.tsv" : "hbsag.tsv"}
                              + " (rules may only use catalogued mutations)");
                break;
            }
            case expr::kind::level:
            {
                db_drug const * d = find_drug(x->drug);
                if (!context_allowed)
                    error(file,
                          line,
                          "drug-level atom '" + x->drug + "' is only allowed in salvage.tsv and cautions.tsv");
                else if (d == nullptr || !d->interpret)
                    error(file,
                          line,
                          "level atom names '" + x->drug + "', which is not an interpreted drug (known: " + known_codes
                              + ")");
                break;
            }
            case expr::kind::history:
                if (!context_allowed)
                    error(file, line, "history: atoms are only allowed in salvage.tsv and cautions.tsv");
                else if (find_drug(x->drug) == nullptr)
                    error(file, line, "history:" + x->drug + " names an unknown drug (known: " + known_codes + ")");
                break;
            case expr::kind::hbeag:
                if (!context_allowed)
                    error(file, line, "hbeag: atoms are only allowed in salvage.tsv and cautions.tsv");
                break;
            default:
                break;
            }
        }
    };

    {
        std::set<std::string> ids;
        for (db_rule const & r : m_rules)
        {
            if (!ids.insert(r.id).second)
                error("rules.tsv", r.line, "duplicate rule id '" + r.id + "'");
            db_drug const * d = find_drug(r.drug);
            if (d == nullptr)
                error("rules.tsv", r.line, "unknown drug '" + r.drug + "' (known: " + known_codes + ")");
            else if (!d->interpret)
                error("rules.tsv", r.line, "drug '" + r.drug + "' has interpret no in drugs.tsv");
            if (db_rule_set const * set = find_rule_set(r.set); set == nullptr)
                error("rules.tsv", r.line, "rule set '" + r.set + "' is not defined in rulesets.tsv");
            else if (!set->covers(r.drug))
                error("rules.tsv",
                      r.line,
                      "rule set '" + r.set + "' does not list drug '" + r.drug + "' in its drugs (rulesets.tsv)");
            check_expr("rules.tsv", r.line, r.condition, false);
            check_evidence("rules.tsv", r.line, r.evidence);
            check_refs("rules.tsv", r.line, r.references);
        }
    }
    {
        std::set<std::string> ids;
        for (db_salvage const & s : m_salvage)
        {
            if (!ids.insert(s.id).second)
                error("salvage.tsv", s.line, "duplicate id '" + s.id + "'");
            check_expr("salvage.tsv", s.line, s.when, true);
            check_evidence("salvage.tsv", s.line, s.evidence);
            check_refs("salvage.tsv", s.line, {s.guideline});
            if (acquired_only() && find_guideline(s.guideline) == nullptr)
                error("salvage.tsv",
                      s.line,
                      "guideline '" + s.guideline
                          + "' has no entry in guidelines.tsv (every guideline says whether it is current)");
            if (acquired_only() && s.summary.empty())
                error("salvage.tsv", s.line, s.id + ": empty summary (the bottom line prints it)");
        }
    }
    {
        std::set<std::string> ids;
        for (db_caution const & c : m_cautions)
        {
            if (!ids.insert(c.id).second)
                error("cautions.tsv", c.line, "duplicate id '" + c.id + "'");
            check_expr("cautions.tsv", c.line, c.when, true);
            check_refs("cautions.tsv", c.line, c.references);
        }
    }
    validate_overlaps(out);
    validate_rule_sets(refs, out);
    validate_guidelines(out);
    std::stable_sort(out.begin(),
                     out.end(),
                     [](db_problem const & a, db_problem const & b)
                     {
                         return a.error > b.error;
                     });
    return out;
}

void mutation_db::validate_overlaps(std::vector<db_problem> & out) const
{
    // Two entries for one residue would give it two roles or categories: one entry per residue.
    for (bool const hb : {false, true})
    {
        std::vector<db_mutation> const & entries = hb ? m_hbsag : m_mutations;
        for (std::size_t i = 0; i < entries.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
            {
                db_mutation const & a = entries[j];
                db_mutation const & b = entries[i];
                if (a.g != b.g || a.pos != b.pos || !a.mutants.intersects(b.mutants))
                    continue;
                std::string const file = hb ? "hbsag.tsv" : "mutations.tsv";
                out.push_back({true,
                               file + ":" + std::to_string(b.line),
                               b.id + " overlaps " + a.id + " (line " + std::to_string(a.line) + "): both list "
                                   + (a.mutants & b.mutants).to_string() + " at " + std::string{info(b.g).prefix}
                                   + std::to_string(b.pos) + " (one catalogue entry per residue)"});
            }
    }
}

void mutation_db::validate_rule_sets(reference_set const & refs, std::vector<db_problem> & out) const
{
    auto error = [&out](std::string const & where, std::string msg)
    {
        out.push_back({true, where, std::move(msg)});
    };
    if (acquired_only())
    {
        std::set<std::string> ids;
        for (db_rule_set const & s : m_rule_sets)
        {
            std::string const where = "rulesets.tsv:" + std::to_string(s.line);
            if (!ids.insert(s.id).second)
                error(where, "duplicate rule set '" + s.id + "'");
            if (s.evidence != "V" && s.evidence != "C" && s.evidence != "L")
                error(where, s.id + ": evidence '" + s.evidence + "' must be V, C or L");
            if (s.sources.empty())
                error(where, s.id + ": no source cited (the table the set reproduces)");
            for (std::string const & k : s.sources)
                if (find_reference(k) == nullptr)
                    error(where, s.id + ": source '" + k + "' is not defined in references.tsv");
            for (std::string const & d : s.drugs)
                if (db_drug const * drug = find_drug(d); drug == nullptr || !drug->interpret)
                    error(where, s.id + ": '" + d + "' is not an interpreted drug of drugs.tsv");
            // Every drug the set speaks to gets a level from it.
            for (db_drug const & d : m_drugs)
                if (d.interpret && s.covers(d.code) && rules_for(d.code, s.id).empty())
                    error(where, s.id + ": no rule for " + d.code + " (and no rule of the drug it follows)");
        }
    }
    // A rule that fires on a genome of the reference panel would call an untreated wild-type virus
    // resistant. Schema 2 atoms match acquired residues only, so only a genotype qualifier can make
    // one fire; schema 1 releases are kept loadable and get a note.
    for (db_rule const & r : m_rules)
    {
        if (r.level == rule_level::S)
            continue;
        std::string fired;
        for (reference_genome const & g : refs.panel())
        {
            auto atom = [&](expr const & x)
            {
                if (x.k != expr::kind::mutation)
                    return truth::u;
                if (!x.residues.contains(g.residue(x.g, x.pos)))
                    return truth::f;
                bool const counts = !acquired_only() || x.native_ok.find(g.genotype) != std::string::npos;
                return counts ? truth::t : truth::f;
            };
            if (evaluate(r.condition, atom) == truth::t)
                fired += (fired.empty() ? "" : ", ") + g.accession + " (genotype " + std::string(1, g.genotype) + ")";
        }
        if (!fired.empty())
            out.push_back({acquired_only(),
                           "rules.tsv:" + std::to_string(r.line),
                           r.id + " (" + r.drug + " " + std::string{to_string(r.level)}
                               + ") fires on reference panel genome(s) " + fired
                               + ": an untreated wild-type virus would be called " + std::string{to_string(r.level)}});
    }
}

void mutation_db::validate_guidelines(std::vector<db_problem> & out) const
{
    std::set<std::string> keys;
    for (db_guideline const & g : m_guidelines)
    {
        std::string const where = "guidelines.tsv:" + std::to_string(g.line);
        if (!keys.insert(g.key).second)
            out.push_back({true, where, "duplicate guideline '" + g.key + "'"});
        if (find_reference(g.key) == nullptr)
            out.push_back({true, where, g.key + ": not defined in references.tsv"});
        if (g.current && !g.superseded_by.empty())
            out.push_back({true, where, g.key + ": a current guideline is not superseded"});
        if (!g.current && g.superseded_by.empty())
            out.push_back({true, where, g.key + ": superseded, but superseded_by names no guideline"});
        for (std::string const & k : g.superseded_by)
            if (std::none_of(m_guidelines.begin(),
                             m_guidelines.end(),
                             [&](db_guideline const & o)
                             {
                                 return o.key == k;
                             }))
                out.push_back({true, where, g.key + ": superseded_by '" + k + "' is not in guidelines.tsv"});
    }
}

std::filesystem::path resolve_db_dir(std::optional<std::filesystem::path> const & explicit_dir)
{
    std::filesystem::path base;
    if (explicit_dir)
        base = *explicit_dir;
    else if (char const * env = std::getenv("HBVDR_DB"); env != nullptr && *env != '\0')
        base = env;
    else if (std::optional<std::filesystem::path> const bundled = find_bundled_dir("mutation-db", ""))
        base = *bundled;
    else
        throw data_error{"no mutation database found (looked in " + bundled_search_places("mutation-db")
                         + "): give --db DIR or set HBVDR_DB"};
    std::error_code ec;
    if (std::filesystem::exists(base / "manifest.tsv", ec))
        return base;
    // A directory of releases: take the newest version (name-YYYY.N, compared numerically).
    std::filesystem::path best;
    std::pair<long long, long long> best_v{-1, -1};
    if (std::filesystem::is_directory(base, ec))
        for (auto const & e : std::filesystem::directory_iterator{base, ec})
        {
            if (!e.is_directory() || !std::filesystem::exists(e.path() / "manifest.tsv"))
                continue;
            std::string const name = e.path().filename().string();
            std::size_t const dash = name.rfind('-');
            std::string const ver = dash == std::string::npos ? name : name.substr(dash + 1);
            std::size_t const dot = ver.find('.');
            long long y = 0, n = 0;
            if (dot == std::string::npos || !parse_int(ver.substr(0, dot), y) || !parse_int(ver.substr(dot + 1), n))
                continue;
            if (std::pair{y, n} > best_v)
            {
                best_v = {y, n};
                best = e.path();
            }
        }
    return best.empty() ? base : best;
}

} // namespace hbvdr
