//!\file
//!\brief Lookups in a loaded mutation-db release (drugs, references, rule sets, the rules a drug
//! uses).

#include <algorithm>
#include <set>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/mutdb/mutdb.hpp>

namespace hbvdr
{

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

std::vector<int> mutation_db::coverage_rt_positions() const
{
    std::vector<int> out = key_rt_positions();
    for (db_mutation const & m : m_mutations)
        if (m.g == gene::rt && (m.role == "primary" || m.role == "secondary"))
            out.push_back(m.pos);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace hbvdr
