// The mutation database: the shipped release validates; the rule language; load errors.
#include <catch2/catch.hpp>

#include <hbvdr/app/locations.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/sha256.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{
std::filesystem::path shipped()
{
    return resolve_db_dir(std::filesystem::path{HBVDR_SOURCE_DB_DIR});
}

// Copy the shipped release and rewrite its manifest checksums (simulating a carefully made release).
std::filesystem::path copy_release(temp_dir const & tmp,
                                   std::string const & file = {},
                                   std::string const & from = {},
                                   std::string const & to = {})
{
    std::filesystem::path const dir = tmp / "release";
    std::filesystem::copy(shipped(), dir, std::filesystem::copy_options::recursive);
    if (!file.empty())
    {
        std::string text = read_text(dir / file);
        std::size_t const p = text.find(from);
        REQUIRE(p != std::string::npos);
        text.replace(p, from.size(), to);
        write_text(dir / file, text);
        std::string manifest = read_text(dir / "manifest.tsv");
        std::size_t const line = manifest.find("file\t" + file + "\t");
        REQUIRE(line != std::string::npos);
        std::size_t const start = line + 6 + file.size();
        manifest.replace(start, 64, sha256_file((dir / file).string()));
        write_text(dir / "manifest.tsv", manifest);
    }
    return dir;
}

struct broken_case
{
    std::string file, from, to, message;
};

// A copy of the shipped release with one edit is refused: validation names the problem at file:line
// and loading throws. Returns the copy's directory (inside `tmp`).
std::filesystem::path check_refused(temp_dir const & tmp, broken_case const & c)
{
    INFO(c.file << ": " << c.to);
    std::filesystem::path const dir = copy_release(tmp, c.file, c.from, c.to);
    std::vector<db_problem> problems;
    auto const loaded = mutation_db::load_for_validation(dir, refs(), problems);
    bool found = false;
    for (db_problem const & p : problems)
        found = found
                || (p.error && p.message.find(c.message) != std::string::npos && p.where.rfind(c.file + ":", 0) == 0
                    && p.where.size() > c.file.size() + 1);
    CHECK(found);
    CHECK_THROWS_AS(mutation_db::load(dir, &refs()), data_error);
    return dir;
}
} // namespace

TEST_CASE("the shipped release passes every validation check", "[mutdb]")
{
    std::vector<db_problem> const problems = db().validate(refs());
    for (db_problem const & p : problems)
    {
        INFO(p.where << ": " << p.message);
        CHECK_FALSE(p.error);
    }
    CHECK(db().name() == "hbvdr-db");
    CHECK_FALSE(db().version().empty());
    // Every rule, catalogue entry, salvage option and caution cites a known reference.
    for (db_rule const & r : db().rules())
        CHECK_FALSE(r.references.empty());
    // Drugs in report order; TAF follows TDF.
    std::vector<std::string> interpreted;
    for (db_drug const & d : db().drugs())
        if (d.interpret)
            interpreted.push_back(d.code);
    CHECK(interpreted == std::vector<std::string>{"LAM", "LdT", "ETV", "ADV", "TDF", "TAF"});
    CHECK(db().find_drug("TAF")->follows == "TDF");
}

TEST_CASE("every rule's wild-type residue is native to the reference panel at its position", "[mutdb]")
{
    for (db_rule const & r : db().rules())
    {
        std::vector<expr const *> atoms;
        collect_atoms(r.condition, atoms);
        for (expr const * a : atoms)
        {
            INFO(r.id << " " << a->atom_text());
            CHECK_FALSE(refs().genotypes_with_residue(a->g, a->pos, aa_set::of(a->wildtype)).empty());
        }
    }
}

TEST_CASE("the rule language: precedence, NOT, ATLEAST, errors", "[mutdb][rules]")
{
    expr const e = parse_expr("rtM204VI AND rtT184G OR rtN236T", "x:1");
    REQUIRE(e.k == expr::kind::or_);
    CHECK(e.children[0].k == expr::kind::and_);
    CHECK(e.children[1].atom_text() == "rtN236T");
    expr const n = parse_expr("NOT rtM204VI AND ( rtS202GI OR ATLEAST ( 2 ; rtL80IV , rtL180M , rtV173L ) )", "x:1");
    REQUIRE(n.k == expr::kind::and_);
    CHECK(n.children[0].k == expr::kind::not_);
    CHECK(n.children[1].children[1].k == expr::kind::atleast);
    CHECK(n.children[1].children[1].n == 2);
    expr const l = parse_expr("LAM>=I AND history:LAM AND hbeag:positive", "x:1");
    CHECK(l.children[0].k == expr::kind::level);
    CHECK(l.children[0].op == expr::cmp::ge);
    CHECK(l.children[1].k == expr::kind::history);
    CHECK(l.children[2].positive);
    CHECK(parse_expr("sW172*", "x:1").residues.to_string() == "*");
    CHECK_THROWS_WITH(parse_expr("rtM204 AND", "rules.tsv:7"), Catch::Contains("rules.tsv:7"));
    CHECK_THROWS_WITH(parse_expr("( rtM204VI", "rules.tsv:7"), Catch::Contains("expected ')'"));
    CHECK_THROWS_WITH(parse_expr("M204V", "rules.tsv:7"), Catch::Contains("not an atom"));
    CHECK_THROWS_WITH(parse_expr("LAM=X", "rules.tsv:7"), Catch::Contains("must be S, I or R"));
    CHECK_THROWS_WITH(parse_expr("ATLEAST ( 4294967297 ; rtM204VI )", "rules.tsv:8"),
                      Catch::Contains("ATLEAST(4294967297; ...) has only 1 operands"));
}

TEST_CASE("the rule language refuses nesting deeper than any rule needs instead of overflowing the stack",
          "[mutdb][rules][errors]")
{
    // Found by fuzzing: 200,000 '(' overflowed the stack of the recursive-descent parser (SIGSEGV).
    std::string const deep = std::string(200000, '(') + "rtM204VI" + std::string(200000, ')');
    CHECK_THROWS_WITH(parse_expr(deep, "rules.tsv:3"),
                      Catch::Contains("rules.tsv:3: more than 100 levels of NOT, parentheses or ATLEAST"));
    std::string nots;
    for (int i = 0; i < 200000; ++i)
        nots += "NOT ";
    CHECK_THROWS_WITH(parse_expr(nots + "rtM204VI", "rules.tsv:4"), Catch::Contains("more than 100 levels"));
    std::string const ok = std::string(99, '(') + "rtM204VI" + std::string(99, ')');
    CHECK(parse_expr(ok, "x:1").k == expr::kind::mutation);
}

TEST_CASE("an edited release is refused: checksums", "[mutdb][errors]")
{
    temp_dir tmp;
    std::filesystem::path const dir = tmp / "release";
    std::filesystem::copy(shipped(), dir, std::filesystem::copy_options::recursive);
    std::string rules = read_text(dir / "rules.tsv");
    rules += "\n";
    write_text(dir / "rules.tsv", rules);
    CHECK_THROWS_WITH(mutation_db::load(dir, &refs()),
                      Catch::Contains("rules.tsv: sha256") && Catch::Contains("never edited"));
    write_text(dir / "extra.tsv", "x\n");
    std::filesystem::copy_file(
        shipped() / "rules.tsv", dir / "rules.tsv", std::filesystem::copy_options::overwrite_existing);
    CHECK_THROWS_WITH(mutation_db::load(dir, &refs()), Catch::Contains("extra.tsv: not listed in manifest.tsv"));
}

TEST_CASE("a manifest naming a file the file system refuses is a data error, not an internal error",
          "[mutdb][errors]")
{
    temp_dir tmp;
    std::filesystem::path const dir = copy_release(tmp);
    std::string m = read_text(dir / "manifest.tsv");
    std::size_t const p = m.find("file\trules.tsv\t");
    REQUIRE(p != std::string::npos);
    m.replace(p, 15, "file\t" + std::string(300, 'r') + ".tsv\t");
    write_text(dir / "manifest.tsv", m);
    CHECK_THROWS_WITH(mutation_db::load(dir, &refs()),
                      Catch::Contains("listed in the manifest but missing (File name too long)"));
}

TEST_CASE("an incompatible schema version is refused with what to do", "[mutdb][errors]")
{
    temp_dir tmp;
    std::filesystem::path const dir = copy_release(tmp);
    std::string m = read_text(dir / "manifest.tsv");
    std::size_t const p = m.find("schema_version\t");
    REQUIRE(p != std::string::npos);
    m.replace(p, 16, "schema_version\t9");
    write_text(dir / "manifest.tsv", m);
    CHECK_THROWS_WITH(mutation_db::load(dir, &refs()),
                      Catch::Contains("schema_version 9 is not supported") && Catch::Contains("--db"));
}

TEST_CASE("validation names file and line: unknown drug, wrong wild type, uncatalogued atom", "[mutdb][errors]")
{
    std::vector<broken_case> const cases{
        {"rules.tsv", "\tEASL2012\tLAM\t", "\tEASL2012\tLAMX\t", "unknown drug 'LAMX'"},
        {"rules.tsv",
         "\trtM204VI\t",
         "\trtM205VI\t",
         "wild type M at rt205 is not the residue of any reference genome"},
        {"rules.tsv", "\trtN236T\t", "\trtN236Q\t", "rtN236Q is not catalogued"},
        {"mutations.tsv", "rtS78T\tRT\t78\t", "rtS78T\tRT\t378\t", "position 378 is outside"},
        {"salvage.tsv", "LAM=R AND ADV=S", "LAM=R AND XYZ=S", "not an interpreted drug"},
    };
    for (broken_case const & c : cases)
    {
        temp_dir tmp;
        check_refused(tmp, c);
    }
}

TEST_CASE("validate rejects a rule that fires on a panel genome, a salvage guideline without a reference, overlapping "
          "catalogue entries and qualifiers without effect",
          "[mutdb][errors]")
{
    std::vector<broken_case> const cases{
        // A genotype qualifier lets the tenofovir CYE rule count the native residues of DQ089802 (genotype C).
        {"rules.tsv",
         "\trtS106C AND rtH126Y AND rtD134E\t",
         "\trtS106C@C AND rtH126Y@ACEGI AND rtD134E@C\t",
         "fires on reference panel genome(s) DQ089802 (genotype C)"},
        {"salvage.tsv", "\tEASL2017\tL\t", "\tEASL2099\tL\t", "reference 'EASL2099' is not defined"},
        {"salvage.tsv", "\tEASL2017\tL\t", "\tEASL2099\tL\t", "'EASL2099' has no entry in guidelines.tsv"},
        {"mutations.tsv", "rtA181S\tRT\t181\tA\tS\t", "rtA181ST\tRT\t181\tA\tST\t", "overlaps rtA181ST"},
        {"hbsag.tsv", "sW172L\tS\t172\tW\tL\t", "sW172*L\tS\t172\tW\t*L\t", "overlaps sW172*"},
        {"cautions.tsv", "rtS106C@C", "rtS106C@A", "no panel genome of genotype A carries C at rt106"},
        {"guidelines.tsv",
         "\tsuperseded\tEASL2017\t",
         "\tsuperseded\tEASL2019\t",
         "'EASL2019' is not in guidelines.tsv"},
        {"rulesets.tsv", "\tSTANFORD_HBV_0.2\t", "\tSTANFORD_HBV_9\t", "source 'STANFORD_HBV_9' is not defined"},
    };
    for (broken_case const & c : cases)
    {
        temp_dir tmp;
        std::filesystem::path const dir = check_refused(tmp, c);
        cli_result const v = run_hbvdr({"db", "validate", dir.string()});
        CHECK(v.exit_code == 1);
        CHECK(v.out.find(c.message) != std::string::npos);
    }
    // Exactly one primary rule set.
    temp_dir tmp;
    std::filesystem::path const two = copy_release(tmp, "rulesets.tsv", "\tEASL 2017\tno\t", "\tEASL 2017\tyes\t");
    CHECK_THROWS_WITH(mutation_db::load(two, &refs()), Catch::Contains("exactly one rule set must be primary"));
}

TEST_CASE("the schema 1 release 2026.1 still loads, with its own semantics", "[mutdb]")
{
    std::filesystem::path const old = std::filesystem::path{HBVDR_SOURCE_DB_DIR} / "hbvdr-db-2026.1";
    mutation_db const v1 = mutation_db::load(old, &refs());
    CHECK(v1.schema() == 1);
    CHECK_FALSE(v1.acquired_only());
    REQUIRE(v1.rule_sets().size() == 1);
    CHECK(v1.primary_rule_set().id == "default");
    CHECK(v1.guidelines().empty());
    // Its CYEI rule fires on the genotype C panel genome DQ089802: a note for schema 1, an error from schema 2 on.
    bool noted = false;
    for (db_problem const & p : v1.validate(refs()))
        noted = noted
                || (!p.error && p.message.find("TDF-R-CYEI") != std::string::npos
                    && p.message.find("DQ089802") != std::string::npos);
    CHECK(noted);
    cli_result const info = run_hbvdr({"db", "--db", old.string(), "info"});
    CHECK(info.exit_code == 0);
    CHECK(info.out.find("schema 1") != std::string::npos);
}

TEST_CASE("the rule language: '@' genotype qualifiers", "[mutdb][rules]")
{
    expr const e = parse_expr("rtH126Y@GEA AND rtS106C", "x:1");
    REQUIRE(e.k == expr::kind::and_);
    CHECK(e.children[0].native_ok == "AEG");
    CHECK(e.children[0].atom_text() == "rtH126Y@AEG");
    CHECK(e.children[1].native_ok.empty());
    CHECK_THROWS_WITH(parse_expr("rtH126Y@K", "rules.tsv:3"), Catch::Contains("genotype letters A-J"));
    CHECK_THROWS_WITH(parse_expr("rtH126Y@AA", "rules.tsv:3"), Catch::Contains("each once"));
    CHECK_THROWS_WITH(parse_expr("rtH126Y@", "rules.tsv:3"), Catch::Contains("needs genotype letters"));
}

TEST_CASE("hbvdr db info, list and validate", "[mutdb][cli]")
{
    cli_result const info = run_hbvdr({"db", "info"});
    CHECK(info.exit_code == 0);
    CHECK(info.out.find("hbvdr-db " + db().version()) != std::string::npos);
    CHECK(info.out.find("references") != std::string::npos);
    cli_result const list = run_hbvdr({"db", "list"});
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("rtM204VI") != std::string::npos);
    CHECK(list.out.find("TAF  tenofovir alafenamide") != std::string::npos);
    CHECK(info.out.find("EASL2012      EASL 2012               primary") != std::string::npos);
    CHECK(info.out.find("source table not read: unverified [L]") != std::string::npos);
    CHECK(list.out.find("Rules of STANFORD0.2 (Stanford HBV 0.2;") != std::string::npos);
    cli_result const ok = run_hbvdr({"db", "validate"});
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("0 error(s)") != std::string::npos);

    temp_dir tmp;
    std::filesystem::path const bad = copy_release(tmp, "rules.tsv", "\tEASL2012\tLAM\t", "\tEASL2012\tLAMX\t");
    cli_result const v = run_hbvdr({"db", "validate", bad.string()});
    CHECK(v.exit_code == 1);
    CHECK(v.out.find("rules.tsv:") != std::string::npos);
    CHECK(v.out.find("unknown drug 'LAMX'") != std::string::npos);
    cli_result const a = run_hbvdr({"analyze",
                                    (test_data_dir() / "real" / "real_genomes.fasta").string(),
                                    "-o",
                                    (tmp / "out").string(),
                                    "--db",
                                    bad.string()});
    CHECK(a.exit_code == 1);
    CHECK(a.err.find("unknown drug 'LAMX'") != std::string::npos);
    cli_result const h = run_hbvdr({"analyze",
                                    (test_data_dir() / "real" / "real_genomes.fasta").string(),
                                    "-o",
                                    (tmp / "out2").string(),
                                    "--history",
                                    "LAM,XYZ"});
    CHECK(h.exit_code == 2);
    CHECK(h.err.find("unknown drug 'XYZ'") != std::string::npos);
}
