#include <algorithm>
#include <map>
#include <ostream>

#include <hbvdr/app/db_commands.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/reference/reference.hpp>

namespace hbvdr
{

namespace
{
std::string pad(std::string s, std::size_t const w)
{
    if (s.size() < w)
        s.append(w - s.size(), ' ');
    return s;
}
// "rule sets:" with one line per set: id, name, primary, drugs, rule count, evidence.
void rule_set_lines(mutation_db const & db, std::ostream & out)
{
    out << "rule sets:   (--rules SET; the primary set decides the levels, the others are shown where they differ)\n";
    for (db_rule_set const & s : db.rule_sets())
    {
        std::size_t const n = static_cast<std::size_t>(std::count_if(db.rules().begin(),
                                                                     db.rules().end(),
                                                                     [&](db_rule const & r)
                                                                     {
                                                                         return r.set == s.id;
                                                                     }));
        out << "  " << pad(s.id, 14) << pad(s.name, 24) << (s.primary ? "primary, " : "") << n << " rules"
            << (s.drugs.empty() ? std::string{} : "; drugs " + join(s.drugs, ", "))
            << (s.evidence == "L" ? "; source table not read: unverified [L]" : std::string{}) << "\n";
    }
}
} // namespace

void db_info(std::filesystem::path const & db_dir, std::filesystem::path const & data_dir, std::ostream & out)
{
    reference_set const refs = reference_set::load(data_dir);
    mutation_db const db = mutation_db::load(db_dir, &refs);
    std::map<std::string, int> evidence;
    for (db_rule const & r : db.rules())
        ++evidence[r.evidence];
    for (db_mutation const & m : db.mutations())
        ++evidence[m.evidence];
    for (db_mutation const & m : db.hbsag())
        ++evidence[m.evidence];
    for (db_salvage const & s : db.salvage())
        ++evidence[s.evidence];
    int pmids = 0, dois = 0, urls_only = 0;
    for (db_reference const & r : db.references())
    {
        pmids += !r.pmid.empty();
        dois += !r.doi.empty();
        urls_only += r.pmid.empty() && r.doi.empty();
    }
    std::string interpreted, history_only;
    for (db_drug const & d : db.drugs())
        (d.interpret ? interpreted : history_only) += ((d.interpret ? interpreted : history_only).empty() ? "" : ", ")
                                                      + d.code
                                                      + (d.follows.empty() ? "" : " (follows " + d.follows + ")");
    out << db.label() << " (released " << db.release_date() << ", schema " << db.schema() << ")\n"
        << "directory:   " << db.directory().string() << "\n"
        << "numbering:   " << db.numbering() << "; numbering reference " << db.reference_accession() << "\n"
        << "checksums:   " << db.files().size() << " files verified (manifest sha256 " << db.manifest_sha256() << ")\n"
        << "drugs:       " << interpreted << (history_only.empty() ? "" : "; history only: " + history_only) << "\n"
        << "catalogue:   " << db.mutations().size() << " RT mutation entries, " << db.hbsag().size()
        << " HBsAg entries\n"
        << "rules:       " << db.rules().size() << " drug rules, " << db.salvage().size() << " salvage options, "
        << db.cautions().size() << " cautions\n"
        << "key RT positions: ";
    std::string kp;
    for (int const p : db.key_rt_positions())
        kp += (kp.empty() ? "" : ", ") + std::to_string(p);
    out << kp << "\n"
        << "evidence:    V (verified) " << evidence["V"] << ", C (computed) " << evidence["C"]
        << ", L (unverified literature) " << evidence["L"] << "\n"
        << "sources:     " << db.references().size() << " references (" << pmids << " with PMID, " << dois
        << " with DOI, " << urls_only << " by URL only)\n";
    rule_set_lines(db, out);
    if (!db.guidelines().empty())
    {
        std::string current, older;
        for (db_guideline const & g : db.guidelines())
            (g.current ? current : older) += ((g.current ? current : older).empty() ? "" : ", ") + g.name;
        out << "guidelines:  current " << current << "; superseded " << older << "\n";
    }
}

int db_validate(std::filesystem::path const & db_dir, std::filesystem::path const & data_dir, std::ostream & out)
{
    reference_set const refs = reference_set::load(data_dir);
    std::vector<db_problem> problems;
    std::optional<mutation_db> const db = mutation_db::load_for_validation(db_dir, refs, problems);
    int errors = 0, notes = 0;
    for (db_problem const & p : problems)
    {
        out << (p.error ? "error: " : "note: ") << (db_dir / p.where).string() << ": " << p.message << "\n";
        (p.error ? errors : notes) += 1;
    }
    out << (db ? db->label() : db_dir.string()) << ": " << errors << " error(s), " << notes << " note(s)"
        << (errors == 0 ? "; valid" : "") << "\n";
    return errors;
}

void db_list(std::filesystem::path const & db_dir, std::filesystem::path const & data_dir, std::ostream & out)
{
    reference_set const refs = reference_set::load(data_dir);
    mutation_db const db = mutation_db::load(db_dir, &refs);
    out << db.label() << " (" << db.release_date() << ")\n\nDrugs (report order)\n";
    for (db_drug const & d : db.drugs())
        out << "  " << pad(d.code, 5) << pad(d.name, 32) << pad(d.drug_class, 12)
            << pad(d.genetic_barrier + " barrier", 14)
            << (d.interpret ? (d.follows.empty() ? "levels reported" : "levels from " + d.follows + " rules")
                            : "history only")
            << "\n";
    out << "\n";
    rule_set_lines(db, out);
    for (db_rule_set const & set : db.rule_sets())
    {
        out << "\nRules of " << set.id << " (" << set.name << (set.primary ? ", primary" : "")
            << "; level when the condition holds; evidence in brackets)\n";
        if (!set.comment.empty())
            out << "  " << set.comment << "\n";
        for (db_rule const & r : db.rules())
            if (r.set == set.id)
                out << "  " << pad(r.drug, 5) << to_string(r.level) << "  " << pad(r.condition_text, 58) << " ["
                    << r.evidence << "] " << join(r.references, "; ") << "\n";
    }
    out << "\nCatalogue (mutations.tsv)\n";
    for (db_mutation const & m : db.mutations())
        out << "  " << pad(m.id, 16) << pad(m.role, 13) << pad(join(m.drugs, ","), 24) << "[" << m.evidence << "] "
            << m.comment << "\n";
    out << "\nHBsAg (hbsag.tsv)\n";
    for (db_mutation const & m : db.hbsag())
        out << "  " << pad(m.id, 16) << pad(m.category, 18) << "[" << m.evidence << "] " << m.comment << "\n";
    out << "\nSalvage options (listed when the condition holds, by priority)\n";
    for (db_salvage const & s : db.salvage())
    {
        db_guideline const * g = db.find_guideline(s.guideline);
        out << "  " << pad(std::to_string(s.priority), 4) << "when " << s.when_text << "\n      " << s.recommendation
            << " (" << s.guideline
            << (g == nullptr ? ""
                : g->current ? ", current"
                             : ", superseded")
            << ") [" << s.evidence << "]\n";
    }
    out << "\nCautions\n";
    for (db_caution const & c : db.cautions())
        out << "  when " << c.when_text << "\n      " << c.text << "\n";
}

} // namespace hbvdr
