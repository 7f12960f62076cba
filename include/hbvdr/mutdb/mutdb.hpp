#pragma once

//!\file
//!\brief The curated mutation database (mutation-db/<release>/): loading, checksums, validation.
//!
//! Format: mutation-db/SCHEMA.md (schema versions 1 and 2). Positions are 1-based gene positions
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
    S, //!< susceptible
    I, //!< reduced susceptibility (intermediate)
    R  //!< resistant
};
//!\brief "S", "I" or "R".
[[nodiscard]] std::string_view to_string(rule_level l) noexcept;

//!\brief A node of a rule-language expression (see SCHEMA.md "The rule language").
struct expr
{
    //!\brief What the node is: an atom (mutation, level, history, hbeag) or an operator.
    enum class kind : std::uint8_t
    {
        mutation, //!< rtM204VI: residues observed at a position
        level,    //!< LAM=R, ETV>=I
        history,  //!< history:LAM
        hbeag,    //!< hbeag:positive
        not_,     //!< NOT child
        and_,     //!< child AND child ...
        or_,      //!< child OR child ...
        atleast   //!< ATLEAST(n; child, ...)
    };
    //!\brief The comparison of a level atom.
    enum class cmp : std::uint8_t
    {
        eq, //!< =
        ge, //!< >=
        le, //!< <=
        lt, //!< <
        gt  //!< >
    };
    kind k{kind::mutation}; //!< What the node is.
    gene g{gene::rt};       //!< Mutation atom: the gene (rt or s).
    int pos{0};             //!< Mutation atom: 1-based position in the gene (rt1-rt344, s1-s226).
    char wildtype{'?'};     //!< Mutation atom: the wild-type letter as written (validated, never matched).
    aa_set residues{};      //!< Mutation atom: the mutant residues; the atom is true if any is observed.
    //! Schema 2 qualifier "@AEGI": genotypes (letters A-J) in which the residues count even where
    //! they are native; empty = acquired residues only.
    std::string native_ok;
    std::string drug;                //!< Level and history atoms: the drug code.
    cmp op{cmp::eq};                 //!< Level atom: the comparison.
    rule_level level{rule_level::S}; //!< Level atom: the level compared with.
    bool positive{false};            //!< hbeag atom: hbeag:positive (true) or hbeag:negative (false).
    int n{0};                        //!< ATLEAST: how many children must be true.
    std::vector<expr> children;      //!< Operators: the operands (NOT has one).

    //!\brief Text of a mutation atom as written ("rtM204VI", "rtH126Y@AEGI").
    [[nodiscard]] std::string atom_text() const;
};

//!\brief Truth value of the three-valued rule logic: false, true, unknown.
enum class truth : std::uint8_t
{
    f, //!< false
    t, //!< true
    u  //!< unknown (a position needed is not called)
};

/*!\brief Evaluate an expression with the three-valued logic of SCHEMA.md: `NOT unknown` is unknown,
 * `AND` is false if any operand is false, `OR` true if any is true, `ATLEAST(n; ...)` true with n
 * true operands and false when fewer than n could be. `atom(e)` decides the atoms (mutation,
 * level, history, hbeag); what a mutation atom means is the caller's (interpret, validate).
 */
template <typename atom_fn_t>
[[nodiscard]] truth evaluate(expr const & e, atom_fn_t const & atom)
{
    switch (e.k)
    {
    case expr::kind::not_:
    {
        truth const v = evaluate(e.children.front(), atom);
        return v == truth::u ? truth::u : (v == truth::t ? truth::f : truth::t);
    }
    case expr::kind::and_:
    case expr::kind::or_:
    {
        // AND stops at the first false operand, OR at the first true one.
        truth const decisive = e.k == expr::kind::and_ ? truth::f : truth::t;
        bool unknown = false;
        for (expr const & c : e.children)
        {
            truth const v = evaluate(c, atom);
            if (v == decisive)
                return decisive;
            unknown = unknown || v == truth::u;
        }
        return unknown ? truth::u : (decisive == truth::f ? truth::t : truth::f);
    }
    case expr::kind::atleast:
    {
        int t = 0, u = 0;
        for (expr const & c : e.children)
        {
            truth const v = evaluate(c, atom);
            t += v == truth::t;
            u += v == truth::u;
        }
        if (t >= e.n)
            return truth::t;
        return t + u < e.n ? truth::f : truth::u;
    }
    default:
        return atom(e);
    }
}

//!\brief Parse an expression; throws data_error with `where` and the offending token.
[[nodiscard]] expr parse_expr(std::string_view text, std::string const & where);
//!\brief Every mutation atom of an expression (depth first), appended to `out`; the pointers point
//! into `e` and are valid as long as it is.
void collect_atoms(expr const & e, std::vector<expr const *> & out);

//!\brief A citation (references.tsv): what other files cite by key.
struct db_reference
{
    std::string key;      //!< The key other files cite ("EASL2017", a PMID).
    std::string citation; //!< Authors, title, journal, year;volume:pages.
    std::string pmid;     //!< PubMed id, or empty.
    std::string doi;      //!< DOI (starts with "10."), or empty.
    std::string url;      //!< URL, or empty (pmid, doi and url are not all empty).
    std::size_t line{0};  //!< Line in references.tsv.
};

//!\brief A drug (drugs.tsv); the row order is the order of drugs in every report.
struct db_drug
{
    std::string code;                    //!< "LAM", "TDF": what rules, histories and --history name.
    std::string name;                    //!< "lamivudine".
    std::string drug_class;              //!< nucleoside, nucleotide or interferon.
    std::string genetic_barrier;         //!< low, high or n/a.
    bool interpret{false};               //!< True: hbvdr reports a level; false: only in histories.
    std::string follows;                 //!< A drug whose rules this one uses when it has none, or empty.
    std::vector<std::string> references; //!< Citation keys of references.tsv.
    std::string comment;                 //!< Free text.
    std::size_t line{0};                 //!< Line in drugs.tsv.
};

//!\brief A catalogued substitution (mutations.tsv, RT) or HBsAg finding (hbsag.tsv, S).
struct db_mutation
{
    std::string id;                      //!< The conventional label, "rtM204VI" (matches the other columns).
    gene g{gene::rt};                    //!< rt in mutations.tsv, s in hbsag.tsv.
    int pos{0};                          //!< 1-based position in the gene.
    char wildtype{'?'};                  //!< The wild-type residue as the literature label writes it.
    aa_set mutants{};                    //!< The mutant residues (hbsag.tsv: may hold '*', a stop).
    std::string role;                    //!< mutations.tsv: primary / secondary / putative / polymorphism
    std::string category;                //!< hbsag.tsv: truncation / vaccine_escape / ...
    std::vector<std::string> drugs;      //!< mutations.tsv: codes of the drugs it is associated with.
    std::string evidence;                //!< V, C or L (SCHEMA.md "Evidence").
    std::vector<std::string> references; //!< Citation keys of references.tsv.
    std::string comment;                 //!< Free text.
    std::size_t line{0};                 //!< Line in mutations.tsv or hbsag.tsv.
};

//!\brief A rule (rules.tsv): the level a drug gets in a rule set when the condition is true.
struct db_rule
{
    std::string id;                      //!< Unique across rule sets.
    std::string set;                     //!< Rule set (rulesets.tsv); schema 1: the one implicit set "default".
    std::string drug;                    //!< The drug code.
    rule_level level{rule_level::S};     //!< The level given when the condition is true.
    std::string condition_text;          //!< The condition as written.
    expr condition;                      //!< The condition parsed.
    std::string evidence;                //!< V, C or L.
    std::vector<std::string> references; //!< Citation keys of references.tsv.
    std::string comment;                 //!< Free text.
    std::size_t line{0};                 //!< Line in rules.tsv.
};

//!\brief A guideline's salvage option (salvage.tsv), listed when `when` is true.
struct db_salvage
{
    std::string id;             //!< Unique in salvage.tsv.
    int priority{0};            //!< Lower first; ties in file order.
    std::string when_text;      //!< The condition as written.
    expr when;                  //!< The condition parsed (may use level and context atoms).
    std::string recommendation; //!< The option as the guideline words it.
    std::string summary;        //!< Schema 2: the option in a few words for the bottom line ("switch to TDF or TAF").
    std::string guideline;      //!< Citation key of the guideline (references.tsv; schema 2: guidelines.tsv too).
    std::string evidence;       //!< V, C or L.
    std::string comment;        //!< Free text.
    std::size_t line{0};        //!< Line in salvage.tsv.
};

//!\brief A rule set: one source's cross-resistance table (rulesets.tsv, schema 2).
struct db_rule_set
{
    std::string id;                   //!< "EASL2017", as rules.tsv and --rules name it.
    std::string name;                 //!< "EASL 2017", as reports print it.
    bool primary{false};              //!< The release's default set (exactly one).
    std::vector<std::string> drugs;   //!< Interpreted drugs the source speaks to (empty: every one).
    std::vector<std::string> sources; //!< Citation keys of the table the set reproduces.
    std::string evidence;             //!< V: the source table was read; L: not (reports mark the set unverified).
    std::string comment;              //!< How the levels were derived.
    std::size_t line{0};              //!< Line in rulesets.tsv (0: schema 1's implicit set).

    //!\brief Does the set give a level for this drug?
    [[nodiscard]] bool covers(std::string_view drug) const;
};

//!\brief A guideline that salvage options cite, with whether it is current (guidelines.tsv, schema 2).
struct db_guideline
{
    std::string key;                        //!< Citation key of references.tsv ("EASL2017").
    std::string name;                       //!< "EASL 2017".
    int year{0};                            //!< Year of publication.
    bool current{false};                    //!< status current (else superseded).
    std::vector<std::string> superseded_by; //!< Guideline keys that replace it.
    std::string comment;                    //!< Free text.
    std::size_t line{0};                    //!< Line in guidelines.tsv.
};

//!\brief A warning (cautions.tsv), printed with its reason when `when` is true.
struct db_caution
{
    std::string id;                      //!< Unique in cautions.tsv.
    std::string when_text;               //!< The condition as written.
    expr when;                           //!< The condition parsed (may use level and context atoms).
    std::string text;                    //!< The warning and its reason.
    std::vector<std::string> references; //!< Citation keys of references.tsv.
    std::size_t line{0};                 //!< Line in cautions.tsv.
};

//!\brief One problem found by validation.
struct db_problem
{
    bool error{true};    //!< false = a note (e.g. wild type differs from the numbering reference)
    std::string where;   //!< file:line
    std::string message; //!< What is wrong.
};

/*!\brief A loaded database release.
 *
 * load() checks the manifest (schema version, every file's sha256, no unlisted file), parses every
 * file and every expression, and throws data_error at the first problem; validate() runs all
 * consistency checks and returns every problem found (used by `hbvdr db validate` and load()).
 * A loaded database owns its entries; the pointers the find_*() and rules_for() functions return
 * point into it and are valid as long as it lives (moving it keeps them valid).
 */
class mutation_db
{
public:
    static constexpr int oldest_schema = 1;    //!< Schema 1 releases (2026.1) still load, with their own semantics.
    static constexpr int supported_schema = 2; //!< The newest schema this hbvdr reads.

    /*!\brief Load a release directory; if `refs` is given, also run validate() and throw on errors.
     * `refs` is only used during the call (nullptr: no validation); the database keeps no pointer to it.
     */
    [[nodiscard]] static mutation_db load(std::filesystem::path const & dir, reference_set const * refs = nullptr);
    /*!\brief Load without throwing on content problems: the problem that stops loading, or every
     * problem validate() finds, is appended to `problems`; nullopt if the release could not be loaded.
     */
    [[nodiscard]] static std::optional<mutation_db> load_for_validation(std::filesystem::path const & dir,
                                                                        reference_set const & refs,
                                                                        std::vector<db_problem> & problems);

    //!\brief Consistency checks (see `hbvdr db validate`), against the reference panel `refs` too;
    //! errors first, then notes, each in file order.
    [[nodiscard]] std::vector<db_problem> validate(reference_set const & refs) const;

    //!\brief db_name of the manifest ("hbvdr-db").
    [[nodiscard]] std::string const & name() const noexcept
    {
        return m_name;
    }
    //!\brief Release version of the manifest ("2026.2").
    [[nodiscard]] std::string const & version() const noexcept
    {
        return m_version;
    }
    //!\brief Release date of the manifest (ISO date).
    [[nodiscard]] std::string const & release_date() const noexcept
    {
        return m_date;
    }
    //!\brief The numbering the release uses, as the manifest describes it.
    [[nodiscard]] std::string const & numbering() const noexcept
    {
        return m_numbering;
    }
    //!\brief Accession of the numbering reference genome ("X02763").
    [[nodiscard]] std::string const & reference_accession() const noexcept
    {
        return m_reference_accession;
    }
    //!\brief sha256 of manifest.tsv (which lists the sha256 of every other file).
    [[nodiscard]] std::string const & manifest_sha256() const noexcept
    {
        return m_manifest_sha;
    }
    //!\brief Schema version of the release (1 or 2).
    [[nodiscard]] int schema() const noexcept
    {
        return m_schema;
    }
    /*!\brief Schema 2: mutation atoms match only residues acquired relative to the sample's genotype
     * (not native in a panel genome of it) unless qualified with the genotype ("@C"). Schema 1:
     * any observed residue matches.
     */
    [[nodiscard]] bool acquired_only() const noexcept
    {
        return m_schema >= 2;
    }
    //!\brief The release directory it was loaded from.
    [[nodiscard]] std::filesystem::path const & directory() const noexcept
    {
        return m_dir;
    }
    //!\brief "hbvdr-db 2026.1".
    [[nodiscard]] std::string label() const
    {
        return m_name + " " + m_version;
    }

    //!\brief drugs.tsv in file order (the order of drugs in reports).
    [[nodiscard]] std::vector<db_drug> const & drugs() const noexcept
    {
        return m_drugs;
    }
    //!\brief references.tsv in file order.
    [[nodiscard]] std::vector<db_reference> const & references() const noexcept
    {
        return m_references;
    }
    //!\brief mutations.tsv (the RT catalogue) in file order.
    [[nodiscard]] std::vector<db_mutation> const & mutations() const noexcept
    {
        return m_mutations;
    }
    //!\brief hbsag.tsv (HBsAg findings) in file order.
    [[nodiscard]] std::vector<db_mutation> const & hbsag() const noexcept
    {
        return m_hbsag;
    }
    //!\brief rules.tsv in file order (every rule set).
    [[nodiscard]] std::vector<db_rule> const & rules() const noexcept
    {
        return m_rules;
    }
    //!\brief salvage.tsv in file order.
    [[nodiscard]] std::vector<db_salvage> const & salvage() const noexcept
    {
        return m_salvage;
    }
    //!\brief cautions.tsv in file order.
    [[nodiscard]] std::vector<db_caution> const & cautions() const noexcept
    {
        return m_cautions;
    }
    //!\brief Rule sets in file order (schema 1: one implicit primary set "default").
    [[nodiscard]] std::vector<db_rule_set> const & rule_sets() const noexcept
    {
        return m_rule_sets;
    }
    //!\brief Guidelines with their status (empty for schema 1: currency not recorded).
    [[nodiscard]] std::vector<db_guideline> const & guidelines() const noexcept
    {
        return m_guidelines;
    }
    //!\brief The files the manifest lists: name and sha256.
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> const & files() const noexcept
    {
        return m_files;
    }

    //!\brief The drug with this code, or nullptr.
    [[nodiscard]] db_drug const * find_drug(std::string_view code) const noexcept;
    //!\brief The citation with this key, or nullptr.
    [[nodiscard]] db_reference const * find_reference(std::string_view key) const noexcept;
    //!\brief The rule set with this id, or nullptr.
    [[nodiscard]] db_rule_set const * find_rule_set(std::string_view id) const noexcept;
    //!\brief The guideline with this key (schema 2), or nullptr.
    [[nodiscard]] db_guideline const * find_guideline(std::string_view key) const noexcept;
    //!\brief The primary rule set.
    [[nodiscard]] db_rule_set const & primary_rule_set() const noexcept;
    //!\brief Rules a set uses for a drug: its own, or those of the drug it follows (within the set).
    [[nodiscard]] std::vector<db_rule const *> rules_for(std::string_view drug, std::string_view set) const;
    //!\brief Rules of the primary set for a drug.
    [[nodiscard]] std::vector<db_rule const *> rules_for(std::string_view drug) const
    {
        return rules_for(drug, primary_rule_set().id);
    }
    //!\brief Sorted RT positions used by any rule of any set (the positions whose coverage decides drug calls).
    [[nodiscard]] std::vector<int> key_rt_positions() const;
    /*!\brief The RT positions whose coverage matters: every RT position a rule of any set uses and
     * every catalogued RT primary or secondary position; sorted, unique. The one derivation that
     * QC (coverage of resistance positions), NGS linkage and the reports (RT map, lowest depth)
     * use.
     */
    [[nodiscard]] std::vector<int> coverage_rt_positions() const;

private:
    std::filesystem::path m_dir;
    std::string m_name, m_version, m_date, m_numbering, m_reference_accession, m_manifest_sha;
    int m_schema{1};
    std::vector<std::pair<std::string, std::string>> m_files; //!< name, sha256
    std::vector<db_drug> m_drugs;
    std::vector<db_reference> m_references;
    std::vector<db_mutation> m_mutations;
    std::vector<db_mutation> m_hbsag;
    std::vector<db_rule> m_rules;
    std::vector<db_salvage> m_salvage;
    std::vector<db_caution> m_cautions;
    std::vector<db_rule_set> m_rule_sets;
    std::vector<db_guideline> m_guidelines;

    // The steps of load() (load.cpp); each throws data_error at the first problem.
    void load_manifest(std::filesystem::path const & dir);             // manifest.tsv: metadata and file list
    void check_release_files(std::filesystem::path const & dir) const; // checksums; no unlisted or missing file
    void load_catalogue(std::filesystem::path const & dir);            // references, drugs, mutations, hbsag
    void load_rules(std::filesystem::path const & dir);                // rulesets (schema 2) and rules
    void load_guidance(std::filesystem::path const & dir);             // salvage, cautions, guidelines (schema 2)
};

} // namespace hbvdr
