#include <algorithm>
#include <map>

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

enum class tv : std::uint8_t
{
    f,
    t,
    u
};

drug_level to_drug_level(rule_level const l) noexcept
{
    return l == rule_level::R ? drug_level::R : (l == rule_level::I ? drug_level::I : drug_level::S);
}

struct evaluator
{
    call_table const & calls;
    treatment_context const & ctx;
    std::map<std::string, drug_level, std::less<>> const * levels{nullptr};
    double minority_below{0.2};
    bool majority_only{false};

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

    tv eval(expr const & e) const
    {
        switch (e.k)
        {
        case expr::kind::mutation:
        {
            codon_call const * c = call_at(e.g, e.pos);
            if (c == nullptr)
                return tv::u;
            if (c->status == codon_status::deleted)
                return tv::f;
            if (c->status != codon_status::called)
                return tv::u;
            return observed(*c).intersects(e.residues) ? tv::t : tv::f;
        }
        case expr::kind::level:
        {
            if (levels == nullptr)
                return tv::u;
            auto const it = levels->find(e.drug);
            if (it == levels->end() || it->second == drug_level::insufficient_data)
                return tv::u;
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
            return r ? tv::t : tv::f;
        }
        case expr::kind::history:
            return std::find(ctx.history.begin(), ctx.history.end(), e.drug) != ctx.history.end() ? tv::t : tv::f;
        case expr::kind::hbeag:
            if (!ctx.hbeag_positive)
                return tv::u;
            return *ctx.hbeag_positive == e.positive ? tv::t : tv::f;
        case expr::kind::not_:
        {
            tv const v = eval(e.children.front());
            return v == tv::u ? tv::u : (v == tv::t ? tv::f : tv::t);
        }
        case expr::kind::and_:
        {
            bool unknown = false;
            for (expr const & c : e.children)
            {
                tv const v = eval(c);
                if (v == tv::f)
                    return tv::f;
                unknown = unknown || v == tv::u;
            }
            return unknown ? tv::u : tv::t;
        }
        case expr::kind::or_:
        {
            bool unknown = false;
            for (expr const & c : e.children)
            {
                tv const v = eval(c);
                if (v == tv::t)
                    return tv::t;
                unknown = unknown || v == tv::u;
            }
            return unknown ? tv::u : tv::f;
        }
        case expr::kind::atleast:
        {
            int t = 0, u = 0;
            for (expr const & c : e.children)
            {
                tv const v = eval(c);
                t += v == tv::t;
                u += v == tv::u;
            }
            if (t >= e.n)
                return tv::t;
            return t + u < e.n ? tv::f : tv::u;
        }
        }
        return tv::u;
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

std::string weaker_evidence(std::string const & a, std::string const & b)
{
    // L (unverified) is weaker than C, which is weaker than V.
    auto rank = [](std::string const & e)
    {
        return e == "V" ? 2 : (e == "C" ? 1 : 0);
    };
    if (a.empty())
        return b;
    return rank(b) < rank(a) ? b : a;
}

} // namespace

interpretation
interpret(call_table const & calls, mutation_db const & db, treatment_context const & ctx, double const minority_below)
{
    interpretation out;
    out.db_name = db.name();
    out.db_version = db.version();
    out.minority_below = minority_below;
    std::map<std::string, drug_level, std::less<>> levels;

    evaluator const all{calls, ctx, nullptr, minority_below, false};
    evaluator const majority{calls, ctx, nullptr, minority_below, true};

    for (db_drug const & d : db.drugs())
    {
        if (!d.interpret)
            continue;
        drug_call dc;
        dc.drug = d.code;
        dc.name = d.name;
        std::vector<db_rule const *> const rules = db.rules_for(d.code);
        if (!rules.empty() && rules.front()->drug != d.code)
            dc.follows = rules.front()->drug;

        auto level_of =
            [&](evaluator const & ev, std::vector<db_rule const *> * deciding, std::vector<db_rule const *> * blocking)
        {
            rule_level best_true = rule_level::S;
            std::vector<std::pair<db_rule const *, tv>> values;
            for (db_rule const * r : rules)
            {
                tv const v = ev.eval(r->condition);
                values.emplace_back(r, v);
                if (v == tv::t && r->level > best_true)
                    best_true = r->level;
            }
            bool insufficient = false;
            for (auto const & [r, v] : values)
            {
                if (v == tv::u && r->level > best_true)
                {
                    insufficient = true;
                    if (blocking)
                        blocking->push_back(r);
                }
                if (v == tv::t && deciding && (r->level == best_true))
                    deciding->push_back(r);
            }
            return insufficient ? drug_level::insufficient_data : to_drug_level(best_true);
        };

        std::vector<db_rule const *> deciding, blocking;
        dc.level = level_of(all, &deciding, &blocking);
        dc.majority_level = level_of(majority, nullptr, nullptr);

        // Residues that made the deciding rules true (each position once).
        std::vector<std::pair<gene, int>> seen;
        for (db_rule const * r : deciding)
        {
            dc.rules.push_back({r->id, r->level, r->evidence, r->comment, r->references});
            if (r->level > rule_level::S)
                dc.evidence = weaker_evidence(dc.evidence, r->evidence);
            std::vector<expr const *> atoms;
            collect_atoms(r->condition, atoms);
            for (expr const * a : atoms)
            {
                if (all.eval(*a) != tv::t || std::find(seen.begin(), seen.end(), std::pair{a->g, a->pos}) != seen.end())
                    continue;
                seen.emplace_back(a->g, a->pos);
                if (r->level > rule_level::S)
                    dc.mutations.push_back(observe(calls, db, a->g, a->pos, a->wildtype, a->residues, minority_below));
            }
        }
        if (dc.level == drug_level::insufficient_data)
        {
            std::vector<int> missing;
            for (db_rule const * r : blocking)
            {
                std::vector<expr const *> atoms;
                collect_atoms(r->condition, atoms);
                for (expr const * a : atoms)
                    if (all.eval(*a) == tv::u)
                        missing.push_back(a->pos);
                dc.rules.push_back({r->id, r->level, r->evidence, r->comment, r->references});
            }
            std::sort(missing.begin(), missing.end());
            missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
            for (int const p : missing)
            {
                codon_call const & c = calls.at(gene::rt, p);
                std::string why = c.status == codon_status::ambiguous
                                      ? "ambiguous"
                                      : (c.note.empty() ? "not covered" : std::string{c.note});
                dc.missing.push_back("rt" + std::to_string(p) + " (" + why + ")");
            }
        }
        // Catalogued secondary / putative residues associated with this drug (or the one it follows).
        for (db_mutation const & m : db.mutations())
        {
            if (m.role != "secondary" && m.role != "putative")
                continue;
            bool const for_drug =
                std::find(m.drugs.begin(), m.drugs.end(), d.code) != m.drugs.end()
                || (!dc.follows.empty() && std::find(m.drugs.begin(), m.drugs.end(), dc.follows) != m.drugs.end());
            if (!for_drug || std::find(seen.begin(), seen.end(), std::pair{m.g, m.pos}) != seen.end())
                continue;
            codon_call const & c = calls.at(m.g, m.pos);
            if (c.status != codon_status::called || !all.observed(c).intersects(m.mutants))
                continue;
            seen.emplace_back(m.g, m.pos);
            observed_mutation o = observe(calls, db, m.g, m.pos, m.wildtype, m.mutants, minority_below);
            o.role = m.role;
            dc.accessory.push_back(std::move(o));
        }
        levels[d.code] = dc.level;
        if (dc.level == drug_level::S)
            out.remaining_effective.push_back(d.code);
        out.drugs.push_back(std::move(dc));
    }

    evaluator const with_levels{calls, ctx, &levels, minority_below, false};
    std::vector<db_salvage const *> options;
    for (db_salvage const & s : db.salvage())
        if (with_levels.eval(s.when) == tv::t)
            options.push_back(&s);
    std::stable_sort(options.begin(),
                     options.end(),
                     [](db_salvage const * a, db_salvage const * b)
                     {
                         return a->priority < b->priority;
                     });
    for (db_salvage const * s : options)
        out.salvage.push_back({s->id, s->recommendation, s->guideline, s->evidence, s->comment});
    for (db_caution const & c : db.cautions())
        if (with_levels.eval(c.when) == tv::t)
            out.cautions.push_back({c.id, c.text, c.references});

    // Findings: every catalogued residue seen at a called position that differs from the genotype reference.
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
            out.findings.push_back(std::move(f));
        }
    std::stable_sort(out.findings.begin(),
                     out.findings.end(),
                     [](finding const & a, finding const & b)
                     {
                         return std::pair{a.g, a.pos} < std::pair{b.g, b.pos};
                     });
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
