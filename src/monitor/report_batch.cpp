#include <algorithm>

#include <hbvdr/core/text.hpp>
#include <hbvdr/monitor/batch_report.hpp>

namespace hbvdr
{

namespace
{

void add_once(std::vector<std::string> & list, std::string const & id)
{
    if (std::find(list.begin(), list.end(), id) == list.end())
        list.push_back(id);
}

} // namespace

monitor_batch_entry summarise(monitor_report const & r)
{
    monitor_batch_entry e;
    e.patient = r.patient.patient;
    e.timeline = r.patient.source;
    e.ok = true;
    e.gate = to_string(r.gate.reached);
    for (monitor_finding const & f : r.result.findings)
        if (f.status == monitor_status::met)
            add_once(e.met, f.rule);
        else if (f.status == monitor_status::possible)
            add_once(e.possible, f.rule);
    for (first_line_warning const & w : r.result.warnings)
        add_once(e.warnings, w.rule);
    return e;
}

std::string monitor_batch_tsv(std::vector<monitor_batch_entry> const & entries)
{
    std::string out = "patient\ttimeline\tstatus\tgate\tclassifications_met\tclassifications_possible\t"
                      "first_line_warnings\treports\terror\n";
    for (monitor_batch_entry const & e : entries)
    {
        std::vector<std::string> files;
        for (auto const & [format, path] : e.reports)
            files.push_back(path);
        out += tsv_cell(e.patient) + "\t" + tsv_cell(e.timeline) + "\t" + (e.ok ? "ok" : "error") + "\t" + e.gate + "\t"
               + join(e.met, ",") + "\t" + join(e.possible, ",") + "\t" + join(e.warnings, ",") + "\t"
               + tsv_cell(join(files, ",")) + "\t" + tsv_cell(e.error) + "\n";
    }
    return out;
}

} // namespace hbvdr
