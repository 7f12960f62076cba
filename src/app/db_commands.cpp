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
    out << db.label() << " (released " << db.release_date() << ", schema " << mutation_db::supported_schema << ")\n"
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
    out << "\nRules (level when the condition holds; evidence in brackets)\n";
    for (db_rule const & r : db.rules())
        out << "  " << pad(r.drug, 5) << to_string(r.level) << "  " << pad(r.condition_text, 58) << " [" << r.evidence
            << "] " << join(r.references, "; ") << "\n";
    out << "\nCatalogue (mutations.tsv)\n";
    for (db_mutation const & m : db.mutations())
        out << "  " << pad(m.id, 16) << pad(m.role, 13) << pad(join(m.drugs, ","), 24) << "[" << m.evidence << "] "
            << m.comment << "\n";
    out << "\nHBsAg (hbsag.tsv)\n";
    for (db_mutation const & m : db.hbsag())
        out << "  " << pad(m.id, 16) << pad(m.category, 18) << "[" << m.evidence << "] " << m.comment << "\n";
    out << "\nSalvage options (listed when the condition holds, by priority)\n";
    for (db_salvage const & s : db.salvage())
        out << "  " << pad(std::to_string(s.priority), 4) << "when " << s.when_text << "\n      " << s.recommendation
            << " (" << s.guideline << ") [" << s.evidence << "]\n";
    out << "\nCautions\n";
    for (db_caution const & c : db.cautions())
        out << "  when " << c.when_text << "\n      " << c.text << "\n";
}

} // namespace hbvdr
