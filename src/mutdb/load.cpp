//!\file
//!\brief Loading a mutation-db release: its manifest, the checksums of its files, and its tables
//! parsed into entries (every problem a data_error naming file:line). Cross-file checks: validate.cpp.

#include <algorithm>
#include <map>
#include <set>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/sha256.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/io/tsv_table.hpp>
#include <hbvdr/mutdb/mutdb.hpp>

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
    db.load_manifest(dir);
    db.check_release_files(dir);
    db.load_catalogue(dir);
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

void mutation_db::load_manifest(std::filesystem::path const & dir)
{
    std::string const manifest_text = read_all(dir / "manifest.tsv");
    m_manifest_sha = sha256_hex(manifest_text);
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
            m_files.emplace_back(f[1], f[2]);
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
    m_schema = static_cast<int>(schema);
    m_name = kv["db_name"];
    m_version = kv["version"];
    m_date = kv["release_date"];
    m_numbering = kv["numbering"];
    m_reference_accession = kv["reference_accession"];
}

void mutation_db::check_release_files(std::filesystem::path const & dir) const
{
    // Every file of the release is listed with its checksum, and nothing else is there.
    std::set<std::string> listed;
    for (auto const & [name, sha] : m_files)
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
    if (m_schema >= 2)
        required.insert(required.end(), {"rulesets.tsv", "guidelines.tsv"});
    for (std::string const & file : required)
        if (listed.count(file) == 0)
            throw data_error{(dir / "manifest.tsv").string() + ": the release has no " + file};
}

void mutation_db::load_catalogue(std::filesystem::path const & dir)
{
    for (tsv_line const & r : read_table(dir, "references.tsv", "key\tcitation\tpmid\tdoi\turl"))
        m_references.push_back({r.cells[0], r.cells[1], r.cells[2], r.cells[3], r.cells[4], r.line});
    for (tsv_line const & r :
         read_table(dir, "drugs.tsv", "code\tname\tclass\tgenetic_barrier\tinterpret\tfollows\treferences\tcomment"))
    {
        std::string const where = "drugs.tsv:" + std::to_string(r.line);
        auto const & c = r.cells;
        if (c[4] != "yes" && c[4] != "no")
            throw data_error{where + ": interpret must be yes or no"};
        m_drugs.push_back({c[0], c[1], c[2], c[3], c[4] == "yes", c[5], list(c[6]), c[7], r.line});
    }
    for (tsv_line const & r : read_table(
             dir, "mutations.tsv", "id\tgene\tpos\twildtype\tmutants\trole\tdrugs\tevidence\treferences\tcomment"))
        m_mutations.push_back(parse_mutation_row(r, "mutations.tsv", false));
    for (tsv_line const & r :
         read_table(dir, "hbsag.tsv", "id\tgene\tpos\twildtype\tmutants\tcategory\tevidence\treferences\tcomment"))
        m_hbsag.push_back(parse_mutation_row(r, "hbsag.tsv", true));
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

} // namespace hbvdr
