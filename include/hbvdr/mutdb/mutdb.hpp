#pragma once

//!\file
//!\brief The curated mutation database (mutation-db/<release>/): loading, checksums, validation.
//!
//! Format: mutation-db/SCHEMA.md (schema version 1). Positions are 1-based gene positions
//! (rt1-rt344 Stuyver numbering, s1-s226). Every problem found while loading or validating names
//! the file and line.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <hbvdr/core/aa_set.hpp>
#include <hbvdr/core/genes.hpp>

namespace hbvdr
{

class reference_set;

//!\brief Susceptibility level of a rule (S < I < R).
enum class rule_level : std::uint8_t
{
    S,
    I,
    R
};
std::string_view to_string(rule_level l) noexcept;

//!\brief A node of a rule-language expression (see SCHEMA.md "The rule language").
struct expr
{
    enum class kind : std::uint8_t
    {
        mutation, //!< rtM204VI: residues observed at a position
        level,    //!< LAM=R, ETV>=I
        history,  //!< history:LAM
        hbeag,    //!< hbeag:positive
        not_,
        and_,
        or_,
        atleast
    };
    enum class cmp : std::uint8_t
    {
        eq,
        ge,
        le,
        lt,
        gt
    };
    kind k{kind::mutation};
    // mutation
    gene g{gene::rt};
    int pos{0};
    char wildtype{'?'};
    aa_set residues{};
    // level / history / hbeag
    std::string drug;
    cmp op{cmp::eq};
    rule_level level{rule_level::S};
    bool positive{false};
    // composite
    int n{0};
    std::vector<expr> children;

    //!\brief Text of a mutation atom as written ("rtM204VI").
    std::string atom_text() const;
};

//!\brief Parse an expression; throws data_error with `where` and the offending token.
expr parse_expr(std::string_view text, std::string const & where);
//!\brief Every mutation atom of an expression (depth first).
void collect_atoms(expr const & e, std::vector<expr const *> & out);

struct db_reference
{
    std::string key, citation, pmid, doi, url;
    std::size_t line{0};
};

struct db_drug
{
    std::string code, name, drug_class, genetic_barrier;
    bool interpret{false};
    std::string follows;
    std::vector<std::string> references;
    std::string comment;
    std::size_t line{0};
};

//!\brief A catalogued substitution (mutations.tsv, RT) or HBsAg finding (hbsag.tsv, S).
struct db_mutation
{
    std::string id;
    gene g{gene::rt};
    int pos{0};
    char wildtype{'?'};
    aa_set mutants{};
    std::string role;     //!< mutations.tsv: primary / secondary / putative / polymorphism
    std::string category; //!< hbsag.tsv: truncation / vaccine_escape / ...
    std::vector<std::string> drugs;
    std::string evidence;
    std::vector<std::string> references;
    std::string comment;
    std::size_t line{0};
};

struct db_rule
{
    std::string id, drug;
    rule_level level{rule_level::S};
    std::string condition_text;
    expr condition;
    std::string evidence;
    std::vector<std::string> references;
    std::string comment;
    std::size_t line{0};
};

struct db_salvage
{
    std::string id;
    int priority{0};
    std::string when_text;
    expr when;
    std::string recommendation, guideline, evidence, comment;
    std::size_t line{0};
};

struct db_caution
{
    std::string id, when_text;
    expr when;
    std::string text;
    std::vector<std::string> references;
    std::size_t line{0};
};

//!\brief One problem found by validation.
struct db_problem
{
    bool error{true};  //!< false = a note (e.g. wild type differs from the numbering reference)
    std::string where; //!< file:line
    std::string message;
};

/*!\brief A loaded database release.
 *
 * load() checks the manifest (schema version, every file's sha256, no unlisted file), parses every
 * file and every expression, and throws data_error at the first problem; validate() runs all
 * consistency checks and returns every problem found (used by `hbvdr db validate` and load()).
 */
class mutation_db
{
public:
    static constexpr int supported_schema = 1;

    //!\brief Load a release directory; if `refs` is given, also run validate() and throw on errors.
    static mutation_db load(std::filesystem::path const & dir, reference_set const * refs = nullptr);
    //!\brief Load without throwing on content problems: parse problems come back in `problems`.
    static std::optional<mutation_db> load_for_validation(std::filesystem::path const & dir,
                                                          reference_set const & refs,
                                                          std::vector<db_problem> & problems);

    //!\brief Consistency checks (see `hbvdr db validate`); problems in file order.
    std::vector<db_problem> validate(reference_set const & refs) const;

    std::string const & name() const noexcept
    {
        return m_name;
    }
    std::string const & version() const noexcept
    {
        return m_version;
    }
    std::string const & release_date() const noexcept
    {
        return m_date;
    }
    std::string const & numbering() const noexcept
    {
        return m_numbering;
    }
    std::string const & reference_accession() const noexcept
    {
        return m_reference_accession;
    }
    std::string const & manifest_sha256() const noexcept
    {
        return m_manifest_sha;
    }
    std::filesystem::path const & directory() const noexcept
    {
        return m_dir;
    }
    //!\brief "hbvdr-db 2026.1".
    std::string label() const
    {
        return m_name + " " + m_version;
    }

    std::vector<db_drug> const & drugs() const noexcept
    {
        return m_drugs;
    }
    std::vector<db_reference> const & references() const noexcept
    {
        return m_references;
    }
    std::vector<db_mutation> const & mutations() const noexcept
    {
        return m_mutations;
    }
    std::vector<db_mutation> const & hbsag() const noexcept
    {
        return m_hbsag;
    }
    std::vector<db_rule> const & rules() const noexcept
    {
        return m_rules;
    }
    std::vector<db_salvage> const & salvage() const noexcept
    {
        return m_salvage;
    }
    std::vector<db_caution> const & cautions() const noexcept
    {
        return m_cautions;
    }
    std::vector<std::pair<std::string, std::string>> const & files() const noexcept
    {
        return m_files;
    }

    db_drug const * find_drug(std::string_view code) const noexcept;
    db_reference const * find_reference(std::string_view key) const noexcept;
    //!\brief Rules used for a drug: its own, or those of the drug it follows.
    std::vector<db_rule const *> rules_for(std::string_view drug) const;
    //!\brief Sorted RT positions used by any rule (the positions whose coverage decides drug calls).
    std::vector<int> key_rt_positions() const;

private:
    std::filesystem::path m_dir;
    std::string m_name, m_version, m_date, m_numbering, m_reference_accession, m_manifest_sha;
    std::vector<std::pair<std::string, std::string>> m_files; //!< name, sha256
    std::vector<db_drug> m_drugs;
    std::vector<db_reference> m_references;
    std::vector<db_mutation> m_mutations;
    std::vector<db_mutation> m_hbsag;
    std::vector<db_rule> m_rules;
    std::vector<db_salvage> m_salvage;
    std::vector<db_caution> m_cautions;
};

//!\brief Locate the database: the explicit path, else $HBVDR_DB, else the bundled mutation-db/
//! (find_bundled_dir(): <exe dir>/../share/hbvdr/mutation-db, or the source tree from a build tree).
//! A release directory (with manifest.tsv) is taken as is; from a directory of releases, the newest.
//! Throws data_error if nothing is given and no bundled copy is found.
std::filesystem::path resolve_db_dir(std::optional<std::filesystem::path> const & explicit_dir);

} // namespace hbvdr
