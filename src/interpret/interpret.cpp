#include <algorithm>
#include <map>
#include <stdexcept>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/interpret/interpret.hpp>

namespace hbvdr
{

std::string_view to_string(drug_level const l) noexcept
{
    switch (l)
    {
    case drug_level::S:
        return "S";
    case drug_level::I:
        return "I";
    case drug_level::R:
        return "R";
    case drug_level::insufficient_data:
        return "insufficient_data";
    }
    return "insufficient_data";
}

std::string_view describe(drug_level const l) noexcept
{
    switch (l)
    {
    case drug_level::S:
        return "susceptible";
    case drug_level::I:
        return "reduced susceptibility";
    case drug_level::R:
        return "resistant";
    case drug_level::insufficient_data:
        return "insufficient data";
    }
    return "insufficient data";
}

std::string observed_mutation::text() const
{
    return freq < 0 ? label : label + " " + format_fixed(100 * freq, 1) + "%";
}

drug_call const * interpretation::find(std::string_view const drug) const noexcept
{
    for (drug_call const & d : drugs)
        if (d.drug == drug)
            return &d;
    return nullptr;
}

namespace
{

drug_level to_drug_level(rule_level const l) noexcept
{
    return l == rule_level::R ? drug_level::R : (l == rule_level::I ? drug_level::I : drug_level::S);
}

constexpr std::string_view all_genotypes = "ABCDEFGHIJ";

struct evaluator
{
    call_table const & calls;
    treatment_context const & ctx;
    std::map<std::string, drug_level, std::less<>> const * levels{nullptr};
    double minority_below{default_minority_below};
    bool majority_only{false};
    //! Schema 2: atoms match acquired residues only; native residues come from the panel.
    reference_set const * panel{nullptr};
    std::string_view genotypes{all_genotypes};

    // Residues observed at a called position (for NGS optionally only the majority ones).
    aa_set observed(codon_call const & c) const
    {
        if (!majority_only || !c.has_depth)
            return c.aa;
        aa_set out;
        for (auto const & [aa, f] : c.freqs)
            if (f >= minority_below)
                out = out | aa_set::of(aa);
        return out & c.aa;
    }

    codon_call const * call_at(gene const g, int const pos) const
    {
        if (pos < 1 || pos > info(g).n_codons)
            return nullptr;
        return &calls.at(g, pos);
    }

    /* Does an observed residue count for an atom? It counts in a genotype where it is not native, or
     * where the atom's "@" qualifier names the genotype. Counting in every genotype the sample may
     * belong to is true, in none false; in some only (unassigned or ambiguous genotype) unknown:
     * the residue is resistance in one background and a polymorphism in another.
     */
    truth counts(expr const & a, char const residue) const
    {
        if (panel == nullptr)
            return truth::t;
        auto const & native = panel->native_residues(a.g, a.pos);
        bool all = true, none = true;
        for (char const g : genotypes)
        {
            bool const c = a.native_ok.find(g) != std::string::npos
                           || !native[static_cast<std::size_t>(genotype_index(g))].contains(residue);
            all = all && c;
            none = none && !c;
        }
        return all ? truth::t : (none ? truth::f : truth::u);
    }

    truth mutation(expr const & e) const
    {
        codon_call const * c = call_at(e.g, e.pos);
        if (c == nullptr)
            return truth::u;
        if (c->status == codon_status::deleted)
            return truth::f;
        if (c->status != codon_status::called)
            return truth::u;
        truth out = truth::f;
        for (char const r : (observed(*c) & e.residues).to_string())
        {
            truth const v = counts(e, r);
            if (v == truth::t)
                return truth::t;
            if (v == truth::u)
                out = truth::u;
        }
        return out;
    }

    truth level(expr const & e) const
    {
        if (levels == nullptr)
            return truth::u;
        auto const it = levels->find(e.drug);
        if (it == levels->end() || it->second == drug_level::insufficient_data)
            return truth::u;
        int const have = static_cast<int>(it->second), want = static_cast<int>(e.level);
        bool r = false;
        switch (e.op)
        {
        case expr::cmp::eq:
            r = have == want;
            break;
        case expr::cmp::ge:
            r = have >= want;
            break;
        case expr::cmp::le:
            r = have <= want;
            break;
        case expr::cmp::lt:
            r = have < want;
            break;
        case expr::cmp::gt:
            r = have > want;
            break;
        }
        return r ? truth::t : truth::f;
    }

    truth atom(expr const & e) const
    {
        switch (e.k)
        {
        case expr::kind::mutation:
            return mutation(e);
        case expr::kind::level:
            return level(e);
        case expr::kind::history:
            return std::find(ctx.history.begin(), ctx.history.end(), e.drug) != ctx.history.end() ? truth::t : truth::f;
        case expr::kind::hbeag:
            if (!ctx.hbeag_positive)
                return truth::u;
            return *ctx.hbeag_positive == e.positive ? truth::t : truth::f;
        default:
            return truth::u;
        }
    }

    truth eval(expr const & e) const
    {
        return evaluate(e,
                        [this](expr const & x)
                        {
                            return atom(x);
                        });
    }

    //!\brief Why a mutation atom is unknown: "rt204 (ambiguous)", "rt126 (Y native in genotype A, not C; ...)".
    std::string why_unknown(expr const & a) const
    {
        std::string const pos = std::string{info(a.g).prefix} + std::to_string(a.pos);
        codon_call const * c = call_at(a.g, a.pos);
        if (c == nullptr)
            return pos + " (outside " + std::string{info(a.g).name} + ")";
        if (c->status == codon_status::ambiguous)
            return pos + " (ambiguous)";
        if (c->status != codon_status::called)
            return pos + " (" + (c->note.empty() ? std::string{"not covered"} : std::string{c->note}) + ")";
        // Called: a residue that is native in some of the genotypes the sample may belong to.
        aa_set const seen = observed(*c) & a.residues;
        std::string in, not_in;
        if (panel != nullptr)
            for (char const g : genotypes)
                (panel->native_residues(a.g, a.pos)[static_cast<std::size_t>(genotype_index(g))].intersects(seen)
                     ? in
                     : not_in)
                    .push_back(g);
        return pos + " (" + seen.to_string() + " native in genotype " + in + ", not in " + not_in + "; genotype "
               + (genotypes == all_genotypes ? "unassigned" : "uncertain") + ")";
    }

    //!\brief Every residue of `residues` is native in every genotype the sample may belong to.
    bool native(gene const g, int const pos, aa_set const residues) const
    {
        if (panel == nullptr || residues.empty())
            return false;
        auto const & n = panel->native_residues(g, pos);
        for (char const gt : genotypes)
            if (!n[static_cast<std::size_t>(genotype_index(gt))].contains(residues))
                return false;
        return true;
    }
};

// Frequency of a set of residues at a call (NGS), -1 for consensus calls.
double freq_of(codon_call const & c, aa_set const residues)
{
    if (!c.has_depth)
        return -1.0;
    double f = 0;
    for (auto const & [aa, fr] : c.freqs)
        if (residues.contains(aa))
            f += fr;
    return f;
}

// Catalogue role of an observed residue at a position.
std::string role_of(mutation_db const & db, gene const g, int const pos, aa_set const residues)
{
    for (db_mutation const & m : g == gene::rt ? db.mutations() : db.hbsag())
        if (m.pos == pos && m.mutants.intersects(residues))
            return g == gene::rt ? m.role : m.category;
    return {};
}

observed_mutation observe(call_table const & calls,
                          mutation_db const & db,
                          gene const g,
                          int const pos,
                          char const wildtype,
                          aa_set const match,
                          double const minority_below)
{
    codon_call const & c = calls.at(g, pos);
    observed_mutation o;
    aa_set const matched = c.aa & match;
    // Consensus: show the whole call so a mixture reads as one (rtM204IM); NGS: the matching
    // residues with their frequency.
    o.label = std::string{info(g).prefix} + wildtype + std::to_string(pos) + (c.has_depth ? matched : c.aa).to_string();
    o.freq = freq_of(c, matched);
    o.minority = o.freq >= 0 && o.freq < minority_below;
    o.role = role_of(db, g, pos, matched);
    return o;
}

// Each rule that decided a level gives that level on its own, so the level is as well supported as
// the best-supported of them: L (unverified) is weaker than C, which is weaker than V.
std::string stronger_evidence(std::string const & a, std::string const & b)
{
    auto rank = [](std::string const & e)
    {
        return e == "V" ? 2 : (e == "C" ? 1 : 0);
    };
    if (a.empty())
        return b;
    return rank(b) > rank(a) ? b : a;
}

// The level a set of rules gives; the rules that decided it and the unknown ones that could have raised it.
drug_level level_of(evaluator const & ev,
                    std::vector<db_rule const *> const & rules,
                    std::vector<db_rule const *> * deciding,
                    std::vector<db_rule const *> * blocking)
{
    rule_level best_true = rule_level::S;
    std::vector<std::pair<db_rule const *, truth>> values;
    for (db_rule const * r : rules)
    {
        truth const v = ev.eval(r->condition);
        values.emplace_back(r, v);
        if (v == truth::t && r->level > best_true)
            best_true = r->level;
    }
    bool insufficient = false;
    for (auto const & [r, v] : values)
    {
        if (v == truth::u && r->level > best_true)
        {
            insufficient = true;
            if (blocking)
                blocking->push_back(r);
        }
        if (v == truth::t && deciding && (r->level == best_true))
            deciding->push_back(r);
    }
    return insufficient ? drug_level::insufficient_data : to_drug_level(best_true);
}

// The residues that made the deciding rules true, and the positions that left the level undecided.
void explain(drug_call & dc,
             evaluator const & all,
             mutation_db const & db,
             std::vector<db_rule const *> const & deciding,
             std::vector<db_rule const *> const & blocking,
             std::vector<std::pair<gene, int>> & seen)
{
    for (db_rule const * r : deciding)
    {
        dc.rules.push_back({r->id, r->level, r->evidence, r->comment, r->references});
        if (r->level > rule_level::S)
            dc.evidence = stronger_evidence(dc.evidence, r->evidence);
        std::vector<expr const *> atoms;
        collect_atoms(r->condition, atoms);
        for (expr const * a : atoms)
        {
            if (all.eval(*a) != truth::t || std::find(seen.begin(), seen.end(), std::pair{a->g, a->pos}) != seen.end())
                continue;
            seen.emplace_back(a->g, a->pos);
            if (r->level > rule_level::S)
                dc.mutations.push_back(
                    observe(all.calls, db, a->g, a->pos, a->wildtype, a->residues, all.minority_below));
        }
    }
    if (dc.level != drug_level::insufficient_data)
        return;
    std::vector<std::pair<int, expr const *>> missing; // position, first unknown atom there
    for (db_rule const * r : blocking)
    {
        std::vector<expr const *> atoms;
        collect_atoms(r->condition, atoms);
        for (expr const * a : atoms)
            if (all.eval(*a) == truth::u)
                missing.emplace_back(a->pos, a);
        dc.rules.push_back({r->id, r->level, r->evidence, r->comment, r->references});
    }
    std::stable_sort(missing.begin(),
                     missing.end(),
                     [](auto const & a, auto const & b)
                     {
                         return a.first < b.first;
                     });
    for (std::size_t i = 0; i < missing.size(); ++i)
        if (i == 0 || missing[i].first != missing[i - 1].first)
            dc.missing.push_back(all.why_unknown(*missing[i].second));
}

// Catalogued secondary / putative residues associated with a drug (or the one it follows), acquired ones only.
void accessory(drug_call & dc, evaluator const & all, mutation_db const & db, std::vector<std::pair<gene, int>> & seen)
{
    for (db_mutation const & m : db.mutations())
    {
        if (m.role != "secondary" && m.role != "putative")
            continue;
        bool const for_drug =
            std::find(m.drugs.begin(), m.drugs.end(), dc.drug) != m.drugs.end()
            || (!dc.follows.empty() && std::find(m.drugs.begin(), m.drugs.end(), dc.follows) != m.drugs.end());
        if (!for_drug || std::find(seen.begin(), seen.end(), std::pair{m.g, m.pos}) != seen.end())
            continue;
        codon_call const & c = all.calls.at(m.g, m.pos);
        if (c.status != codon_status::called || !all.observed(c).intersects(m.mutants)
            || all.native(m.g, m.pos, c.aa & m.mutants))
            continue;
        seen.emplace_back(m.g, m.pos);
        observed_mutation o = observe(all.calls, db, m.g, m.pos, m.wildtype, m.mutants, all.minority_below);
        o.role = m.role;
        dc.accessory.push_back(std::move(o));
    }
}

// The call for one drug under the chosen rule set (the primary one for drugs the set does not cover).
drug_call call_drug(db_drug const & d,
                    db_rule_set const & chosen,
                    mutation_db const & db,
                    evaluator const & all,
                    evaluator const & majority)
{
    drug_call dc;
    dc.drug = d.code;
    dc.name = d.name;
    dc.rule_set = chosen.covers(d.code) ? chosen.id : db.primary_rule_set().id;
    std::vector<db_rule const *> const rules = db.rules_for(d.code, dc.rule_set);
    if (!rules.empty() && rules.front()->drug != d.code)
        dc.follows = rules.front()->drug;
    std::vector<db_rule const *> deciding, blocking;
    dc.level = level_of(all, rules, &deciding, &blocking);
    dc.majority_level = level_of(majority, rules, nullptr, nullptr);
    std::vector<std::pair<gene, int>> seen;
    explain(dc, all, db, deciding, blocking, seen);
    accessory(dc, all, db, seen);
    // What the other sources say, where it differs.
    for (db_rule_set const & s : db.rule_sets())
    {
        if (s.id == dc.rule_set || !s.covers(d.code))
            continue;
        drug_level const other = level_of(all, db.rules_for(d.code, s.id), nullptr, nullptr);
        if (other != dc.level)
            dc.other_sets.push_back({s.id, s.name, s.evidence, other});
    }
    return dc;
}

// Every catalogued residue seen at a called position that differs from the genotype reference.
std::vector<finding> find_catalogued(evaluator const & all, mutation_db const & db)
{
    std::vector<finding> out;
    call_table const & calls = all.calls;
    for (gene const g : {gene::rt, gene::s})
        for (db_mutation const & m : g == gene::rt ? db.mutations() : db.hbsag())
        {
            codon_call const & c = calls.at(g, m.pos);
            if (c.status != codon_status::called)
                continue;
            aa_set const hit = c.aa & m.mutants;
            if (hit.empty() || aa_set::of(calls.ref_aa(g, m.pos)) == hit)
                continue;
            finding f;
            f.g = g;
            f.pos = m.pos;
            f.label = std::string{info(g).prefix} + calls.ref_aa(g, m.pos) + std::to_string(m.pos) + c.aa.to_string();
            f.catalogue_id = m.id;
            f.kind = g == gene::rt ? m.role : m.category;
            f.drugs = m.drugs;
            f.evidence = m.evidence;
            f.comment = m.comment;
            f.references = m.references;
            f.freq = freq_of(c, hit);
            f.native = all.native(g, m.pos, hit);
            out.push_back(std::move(f));
        }
    std::stable_sort(out.begin(),
                     out.end(),
                     [](finding const & a, finding const & b)
                     {
                         return std::pair{a.g, a.pos} < std::pair{b.g, b.pos};
                     });
    return out;
}

// Guideline options (lowest priority number first, ties in file order) and cautions whose condition holds.
void guidance(interpretation & out, evaluator const & with_levels, mutation_db const & db)
{
    std::vector<db_salvage const *> options;
    for (db_salvage const & s : db.salvage())
        if (with_levels.eval(s.when) == truth::t)
            options.push_back(&s);
    std::stable_sort(options.begin(),
                     options.end(),
                     [](db_salvage const * a, db_salvage const * b)
                     {
                         return a->priority < b->priority;
                     });
    // Current guidelines first; superseded ones keep their order after them.
    std::vector<salvage_item> current, older;
    for (db_salvage const * s : options)
    {
        salvage_item x{
            s->id, s->recommendation, s->guideline, s->evidence, s->comment, s->summary, s->guideline, {}, {}};
        if (db_guideline const * g = db.find_guideline(s->guideline))
        {
            x.guideline_name = g->name;
            x.current = g->current;
            for (std::string const & k : g->superseded_by)
                x.superseded_by.push_back(db.find_guideline(k) != nullptr ? db.find_guideline(k)->name : k);
        }
        (x.current.value_or(true) ? current : older).push_back(std::move(x));
    }
    out.salvage = std::move(current);
    out.salvage.insert(out.salvage.end(), older.begin(), older.end());
    for (db_caution const & c : db.cautions())
        if (with_levels.eval(c.when) == truth::t)
            out.cautions.push_back({c.id, c.text, c.references});
}

// The bottom line: drugs by level, and the current guidelines' options merged by their summary.
bottom_line summarise(interpretation const & in)
{
    bottom_line b;
    for (drug_call const & d : in.drugs)
        (d.level == drug_level::R   ? b.resistant
         : d.level == drug_level::I ? b.reduced
         : d.level == drug_level::S ? b.effective
                                    : b.insufficient)
            .push_back(d.drug);
    for (salvage_item const & x : in.salvage)
    {
        if (!x.current)
            b.currency_known = false;
        if (!x.current.value_or(false))
            continue;
        auto it = std::find_if(b.current.begin(),
                               b.current.end(),
                               [&](guidance_summary const & g)
                               {
                                   return g.summary == x.summary;
                               });
        if (it == b.current.end())
            it = b.current.insert(b.current.end(), guidance_summary{x.summary, {}, {}});
        if (std::find(it->guidelines.begin(), it->guidelines.end(), x.guideline_name) == it->guidelines.end())
        {
            it->guidelines.push_back(x.guideline_name);
            it->evidence.push_back(x.evidence);
        }
    }
    return b;
}

} // namespace

db_rule_set const & choose_rule_set(mutation_db const & db, std::string_view const id)
{
    if (id.empty())
        return db.primary_rule_set();
    if (db_rule_set const * s = db.find_rule_set(id))
        return *s;
    std::string known;
    for (db_rule_set const & s : db.rule_sets())
        known += (known.empty() ? "" : ", ") + s.id;
    throw usage_error{"--rules: " + db.label() + " has no rule set '" + std::string{id} + "' (its sets: " + known
                      + "; see 'hbvdr db info')"};
}

interpretation interpret(call_table const & calls,
                         sample_background const & background,
                         mutation_db const & db,
                         treatment_context const & ctx,
                         interpret_options const & opts)
{
    db_rule_set const & chosen = choose_rule_set(db, opts.rule_set);
    if (db.acquired_only() && background.panel == nullptr)
        throw std::invalid_argument{"interpret: " + db.label()
                                    + " matches acquired residues and needs the reference panel"};
    interpretation out;
    out.db_name = db.name();
    out.db_version = db.version();
    out.rule_set = chosen.id;
    out.rule_set_name = chosen.name;
    out.rule_set_evidence = chosen.evidence;
    out.rule_set_primary = chosen.primary;
    out.rule_set_count = db.rule_sets().size();
    out.genotypes = background.genotypes;
    out.minority_below = opts.minority_below;

    evaluator all{calls, ctx, nullptr, opts.minority_below, false};
    if (db.acquired_only())
    {
        all.panel = background.panel;
        if (!background.genotypes.empty())
            all.genotypes = background.genotypes;
    }
    evaluator majority = all;
    majority.majority_only = true;

    std::map<std::string, drug_level, std::less<>> levels;
    for (db_drug const & d : db.drugs())
    {
        if (!d.interpret)
            continue;
        out.drugs.push_back(call_drug(d, chosen, db, all, majority));
        levels[d.code] = out.drugs.back().level;
        if (out.drugs.back().level == drug_level::S)
            out.remaining_effective.push_back(d.code);
    }
    evaluator with_levels = all;
    with_levels.levels = &levels;
    guidance(out, with_levels, db);
    out.findings = find_catalogued(all, db);
    out.summary = summarise(out);
    return out;
}

std::vector<std::string> parse_history(std::string_view const text, mutation_db const & db)
{
    std::vector<std::string> out;
    for (std::string_view item : split(text, ','))
    {
        item = trim(item);
        if (item.empty())
            continue;
        std::string const want = to_upper(item);
        db_drug const * found = nullptr;
        for (db_drug const & d : db.drugs())
            if (to_upper(d.code) == want)
                found = &d;
        if (found == nullptr)
        {
            std::string known;
            for (db_drug const & d : db.drugs())
                known += (known.empty() ? "" : ", ") + d.code;
            throw usage_error{"--history: unknown drug '" + std::string{item} + "' (known: " + known + ")"};
        }
        out.push_back(found->code);
    }
    return out;
}

} // namespace hbvdr
