#include <algorithm>

#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/report/report_options.hpp>

namespace hbvdr
{

report_options report_options_for(mutation_db const & db)
{
    report_options o;
    o.db_label = db_label_text(db.label(), db.release_date());
    // The positions QC checks for coverage (see run_analyze): every rule position plus the
    // catalogued primary and secondary ones.
    o.resistance_positions = db.key_rt_positions();
    for (db_mutation const & m : db.mutations())
        if (m.g == gene::rt && (m.role == "primary" || m.role == "secondary"))
            o.resistance_positions.push_back(m.pos);
    std::sort(o.resistance_positions.begin(), o.resistance_positions.end());
    o.resistance_positions.erase(std::unique(o.resistance_positions.begin(), o.resistance_positions.end()),
                                 o.resistance_positions.end());
    for (db_reference const & r : db.references())
        o.citations.emplace_back(r.key, r.citation);
    return o;
}

std::string db_label_text(std::string const & name_and_version, std::string const & release_date)
{
    return name_and_version + (release_date.empty() ? std::string{} : " (released " + release_date + ")");
}

} // namespace hbvdr
