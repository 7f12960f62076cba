//!\file
//!\brief Validation of a loaded mutation-db release: the checks of each table, the checks across
//! files (cited references, known drugs, catalogued atoms, rule sets, guidelines) and the checks
//! against hbvdr's reference panel. The only file of mutdb that sees the reference module.

#include <algorithm>
#include <set>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/reference/reference.hpp>

namespace hbvdr
{

namespace
{

// One validation run: the problems found so far and what every check needs.
class validator
{
public:
    validator(mutation_db const & db, reference_set const & refs) : m_db{db}, m_refs{refs}
    {
        for (db_drug const & d : m_db.drugs())
            m_known_codes += (m_known_codes.empty() ? "" : ", ") + d.code;
    }

    // Every check, in the order the problems are listed (errors first, then notes).
    std::vector<db_problem> run()
    {
        check_numbering_reference();
        check_references();
        check_drugs();
        check_catalogue(false);
        check_catalogue(true);
        check_rules();
        check_salvage();
        check_cautions();
        check_overlaps();
        check_rule_sets();
        check_panel_rules();
        check_guidelines();
        std::stable_sort(m_out.begin(),
                         m_out.end(),
                         [](db_problem const & a, db_problem const & b)
                         {
                             return a.error > b.error;
                         });
        return std::move(m_out);
    }

private:
    mutation_db const & m_db;
    reference_set const & m_refs;
    reference_genome const * m_numbering{nullptr}; // the panel genome of the release's numbering
    std::string m_known_codes;                     // "LAM, ADV, ...", for messages
    std::vector<db_problem> m_out;

    void error(std::string where, std::string msg)
    {
        m_out.push_back({true, std::move(where), std::move(msg)});
    }
    void error(std::string const & file, std::size_t const line, std::string msg)
    {
        error(file + ":" + std::to_string(line), std::move(msg));
    }
    void note(std::string const & file, std::size_t const line, std::string msg)
    {
        m_out.push_back({false, file + ":" + std::to_string(line), std::move(msg)});
    }

    void check_numbering_reference()
    {
        for (reference_genome const & g : m_refs.panel())
            if (g.accession == m_db.reference_accession())
                m_numbering = &g;
        if (m_numbering == nullptr)
            error("manifest.tsv:1",
                  "reference_accession " + m_db.reference_accession() + " is not in hbvdr's reference panel");
    }

    // The wild-type letter must be the residue of at least one panel genome at that position
    // (catches wrong positions); a difference from the numbering reference is only a note.
    void check_wildtype(std::string const & file,
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
        std::string const carriers = m_refs.genotypes_with_residue(g, pos, aa_set::of(wt));
        if (carriers.empty())
        {
            std::string seen;
            for (aa_set const s : m_refs.native_residues(g, pos))
                seen += s.to_string();
            aa_set const all = aa_set::from_string(seen);
            error(file,
                  line,
                  what + ": wild type " + std::string(1, wt) + " at " + std::string{info(g).prefix}
                      + std::to_string(pos) + " is not the residue of any reference genome (they carry "
                      + all.to_string() + "): wrong position or residue?");
        }
        else if (m_numbering != nullptr && m_numbering->residue(g, pos) != wt)
        {
            note(file,
                 line,
                 what + ": wild type " + std::string(1, wt) + " at " + std::string{info(g).prefix} + std::to_string(pos)
                     + " differs from " + m_db.reference_accession() + " ("
                     + std::string(1, m_numbering->residue(g, pos)) + "); it is native in genotype(s) " + carriers);
        }
    }

    void check_refs(std::string const & file, std::size_t const line, std::vector<std::string> const & keys)
    {
        if (keys.empty())
            error(file, line, "no reference cited (every entry cites a PMID, DOI or guideline key of references.tsv)");
        for (std::string const & k : keys)
            if (m_db.find_reference(k) == nullptr)
                error(file, line, "reference '" + k + "' is not defined in references.tsv");
    }

    void check_evidence(std::string const & file, std::size_t const line, std::string const & ev)
    {
        static std::set<std::string> const evidence_ok{"V", "C", "L"};
        if (evidence_ok.count(ev) == 0)
            error(file, line, "evidence '" + ev + "' must be V, C or L");
    }

    void check_references()
    {
        std::set<std::string> keys;
        for (db_reference const & r : m_db.references())
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

    void check_drugs()
    {
        std::set<std::string> codes;
        for (db_drug const & d : m_db.drugs())
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
                db_drug const * f = m_db.find_drug(d.follows);
                if (f == nullptr)
                    error("drugs.tsv", line, d.code + ": follows unknown drug '" + d.follows + "'");
                else if (!f->follows.empty())
                    error("drugs.tsv", line, d.code + ": follows " + d.follows + ", which itself follows another drug");
            }
            if (d.interpret && m_db.rules_for(d.code).empty())
                error("drugs.tsv",
                      line,
                      d.code + ": interpreted (interpret yes) but no rule in rules.tsv and no 'follows'");
            check_refs("drugs.tsv", line, d.references);
        }
    }

    // mutations.tsv (hb false) or hbsag.tsv (hb true).
    void check_catalogue(bool const hb)
    {
        std::string const file = hb ? "hbsag.tsv" : "mutations.tsv";
        std::set<std::string> ids;
        for (db_mutation const & m : hb ? m_db.hbsag() : m_db.mutations())
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
                    if (m_db.find_drug(d) == nullptr)
                        error(file, m.line, m.id + ": unknown drug '" + d + "' (known: " + m_known_codes + ")");
            }
            check_evidence(file, m.line, m.evidence);
            check_refs(file, m.line, m.references);
        }
    }

    // Expressions: atoms must be catalogued; level/context atoms only where allowed.
    void check_expr(std::string const & file, std::size_t const line, expr const & e, bool const context_allowed)
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
                if (!x->native_ok.empty() && !m_db.acquired_only())
                    error(file, line, x->atom_text() + ": '@' genotype qualifiers need schema_version 2");
                // A qualifier names genotypes in which a residue is native; anything else is a slip.
                for (char const gt : x->native_ok)
                    if (x->pos >= 1 && x->pos <= info(x->g).n_codons
                        && !m_refs.native_residues(x->g, x->pos)[static_cast<std::size_t>(genotype_index(gt))]
                                .intersects(x->residues))
                        error(file,
                              line,
                              x->atom_text() + ": no panel genome of genotype " + std::string(1, gt) + " carries "
                                  + x->residues.to_string() + " at " + std::string{info(x->g).prefix}
                                  + std::to_string(x->pos) + ", so '@" + std::string(1, gt) + "' has no effect");
                auto const & catalogue = x->g == gene::rt ? m_db.mutations() : m_db.hbsag();
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
                db_drug const * d = m_db.find_drug(x->drug);
                if (!context_allowed)
                    error(file,
                          line,
                          "drug-level atom '" + x->drug + "' is only allowed in salvage.tsv and cautions.tsv");
                else if (d == nullptr || !d->interpret)
                    error(file,
                          line,
                          "level atom names '" + x->drug
                              + "', which is not an interpreted drug (known: " + m_known_codes + ")");
                break;
            }
            case expr::kind::history:
                if (!context_allowed)
                    error(file, line, "history: atoms are only allowed in salvage.tsv and cautions.tsv");
                else if (m_db.find_drug(x->drug) == nullptr)
                    error(file, line, "history:" + x->drug + " names an unknown drug (known: " + m_known_codes + ")");
                break;
            case expr::kind::hbeag:
                if (!context_allowed)
                    error(file, line, "hbeag: atoms are only allowed in salvage.tsv and cautions.tsv");
                break;
            default:
                break;
            }
        }
    }

    void check_rules()
    {
        std::set<std::string> ids;
        for (db_rule const & r : m_db.rules())
        {
            if (!ids.insert(r.id).second)
                error("rules.tsv", r.line, "duplicate rule id '" + r.id + "'");
            db_drug const * d = m_db.find_drug(r.drug);
            if (d == nullptr)
                error("rules.tsv", r.line, "unknown drug '" + r.drug + "' (known: " + m_known_codes + ")");
            else if (!d->interpret)
                error("rules.tsv", r.line, "drug '" + r.drug + "' has interpret no in drugs.tsv");
            if (db_rule_set const * set = m_db.find_rule_set(r.set); set == nullptr)
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

    void check_salvage()
    {
        std::set<std::string> ids;
        for (db_salvage const & s : m_db.salvage())
        {
            if (!ids.insert(s.id).second)
                error("salvage.tsv", s.line, "duplicate id '" + s.id + "'");
            check_expr("salvage.tsv", s.line, s.when, true);
            check_evidence("salvage.tsv", s.line, s.evidence);
            check_refs("salvage.tsv", s.line, {s.guideline});
            if (m_db.acquired_only() && m_db.find_guideline(s.guideline) == nullptr)
                error("salvage.tsv",
                      s.line,
                      "guideline '" + s.guideline
                          + "' has no entry in guidelines.tsv (every guideline says whether it is current)");
            if (m_db.acquired_only() && s.summary.empty())
                error("salvage.tsv", s.line, s.id + ": empty summary (the bottom line prints it)");
        }
    }

    void check_cautions()
    {
        std::set<std::string> ids;
        for (db_caution const & c : m_db.cautions())
        {
            if (!ids.insert(c.id).second)
                error("cautions.tsv", c.line, "duplicate id '" + c.id + "'");
            check_expr("cautions.tsv", c.line, c.when, true);
            check_refs("cautions.tsv", c.line, c.references);
        }
    }

    void check_overlaps()
    {
        // Two entries for one residue would give it two roles or categories: one entry per residue.
        for (bool const hb : {false, true})
        {
            std::vector<db_mutation> const & entries = hb ? m_db.hbsag() : m_db.mutations();
            for (std::size_t i = 0; i < entries.size(); ++i)
                for (std::size_t j = 0; j < i; ++j)
                {
                    db_mutation const & a = entries[j];
                    db_mutation const & b = entries[i];
                    if (a.g != b.g || a.pos != b.pos || !a.mutants.intersects(b.mutants))
                        continue;
                    std::string const file = hb ? "hbsag.tsv" : "mutations.tsv";
                    error(file,
                          b.line,
                          b.id + " overlaps " + a.id + " (line " + std::to_string(a.line) + "): both list "
                              + (a.mutants & b.mutants).to_string() + " at " + std::string{info(b.g).prefix}
                              + std::to_string(b.pos) + " (one catalogue entry per residue)");
                }
        }
    }

    void check_rule_sets()
    {
        if (!m_db.acquired_only())
            return;
        std::set<std::string> ids;
        for (db_rule_set const & s : m_db.rule_sets())
        {
            std::string const where = "rulesets.tsv:" + std::to_string(s.line);
            if (!ids.insert(s.id).second)
                error(where, "duplicate rule set '" + s.id + "'");
            if (s.evidence != "V" && s.evidence != "C" && s.evidence != "L")
                error(where, s.id + ": evidence '" + s.evidence + "' must be V, C or L");
            if (s.sources.empty())
                error(where, s.id + ": no source cited (the table the set reproduces)");
            for (std::string const & k : s.sources)
                if (m_db.find_reference(k) == nullptr)
                    error(where, s.id + ": source '" + k + "' is not defined in references.tsv");
            for (std::string const & d : s.drugs)
                if (db_drug const * drug = m_db.find_drug(d); drug == nullptr || !drug->interpret)
                    error(where, s.id + ": '" + d + "' is not an interpreted drug of drugs.tsv");
            // Every drug the set speaks to gets a level from it.
            for (db_drug const & d : m_db.drugs())
                if (d.interpret && s.covers(d.code) && m_db.rules_for(d.code, s.id).empty())
                    error(where, s.id + ": no rule for " + d.code + " (and no rule of the drug it follows)");
        }
    }

    void check_panel_rules()
    {
        // A rule that fires on a genome of the reference panel would call an untreated wild-type virus
        // resistant. Schema 2 atoms match acquired residues only, so only a genotype qualifier can make
        // one fire; schema 1 releases are kept loadable and get a note.
        for (db_rule const & r : m_db.rules())
        {
            if (r.level == rule_level::S)
                continue;
            std::string fired;
            for (reference_genome const & g : m_refs.panel())
            {
                auto atom = [&](expr const & x)
                {
                    if (x.k != expr::kind::mutation)
                        return truth::u;
                    if (!x.residues.contains(g.residue(x.g, x.pos)))
                        return truth::f;
                    bool const counts = !m_db.acquired_only() || x.native_ok.find(g.genotype) != std::string::npos;
                    return counts ? truth::t : truth::f;
                };
                if (evaluate(r.condition, atom) == truth::t)
                    fired +=
                        (fired.empty() ? "" : ", ") + g.accession + " (genotype " + std::string(1, g.genotype) + ")";
            }
            if (!fired.empty())
                m_out.push_back({m_db.acquired_only(),
                                 "rules.tsv:" + std::to_string(r.line),
                                 r.id + " (" + r.drug + " " + std::string{to_string(r.level)}
                                     + ") fires on reference panel genome(s) " + fired
                                     + ": an untreated wild-type virus would be called "
                                     + std::string{to_string(r.level)}});
        }
    }

    void check_guidelines()
    {
        std::set<std::string> keys;
        for (db_guideline const & g : m_db.guidelines())
        {
            std::string const where = "guidelines.tsv:" + std::to_string(g.line);
            if (!keys.insert(g.key).second)
                error(where, "duplicate guideline '" + g.key + "'");
            if (m_db.find_reference(g.key) == nullptr)
                error(where, g.key + ": not defined in references.tsv");
            if (g.current && !g.superseded_by.empty())
                error(where, g.key + ": a current guideline is not superseded");
            if (!g.current && g.superseded_by.empty())
                error(where, g.key + ": superseded, but superseded_by names no guideline");
            for (std::string const & k : g.superseded_by)
                if (std::none_of(m_db.guidelines().begin(),
                                 m_db.guidelines().end(),
                                 [&](db_guideline const & o)
                                 {
                                     return o.key == k;
                                 }))
                    error(where, g.key + ": superseded_by '" + k + "' is not in guidelines.tsv");
        }
    }
};

} // namespace

std::vector<db_problem> mutation_db::validate(reference_set const & refs) const
{
    return validator{*this, refs}.run();
}

} // namespace hbvdr
