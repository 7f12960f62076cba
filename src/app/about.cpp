#include <optional>

#include <hbvdr/app/about.hpp>
#include <hbvdr/app/locations.hpp>
#include <hbvdr/core/version.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/reference/reference.hpp>

namespace hbvdr
{

std::string version_report()
{
    std::string out = "hbvdr " + std::string{tool_version()};
    if (!git_revision().empty())
        out += " (git " + std::string{git_revision()} + ")";
    out += "\nmutation database: ";
    try
    {
        mutation_db const db = mutation_db::load(resolve_db_dir(std::nullopt));
        out += db.label() + " (released " + db.release_date() + ") in " + db.directory().string();
    }
    catch (std::exception const & e)
    {
        out += std::string{"unusable: "} + e.what();
    }
    out += "\nreference data: ";
    try
    {
        reference_set const refs = reference_set::load(resolve_data_dir(std::nullopt));
        out += (refs.data_version().empty() ? std::string{"unversioned"} : refs.data_version()) + " ("
               + std::to_string(refs.panel().size()) + " genomes) in " + refs.directory().string();
    }
    catch (std::exception const & e)
    {
        out += std::string{"unusable: "} + e.what();
    }
    return out;
}

} // namespace hbvdr
