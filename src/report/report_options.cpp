#include <algorithm>

#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/report/report_options.hpp>

namespace hbvdr
{

report_options report_options_for(mutation_db const & db)
{
    report_options o;
    o.db_label = db_label_text(db.label(), db.release_date());
    o.resistance_positions = db.coverage_rt_positions();
    for (db_reference const & r : db.references())
        o.citations.emplace_back(r.key, r.citation);
    return o;
}

std::string db_label_text(std::string const & name_and_version, std::string const & release_date)
{
    return name_and_version + (release_date.empty() ? std::string{} : " (released " + release_date + ")");
}

} // namespace hbvdr
