//!\file
//!\brief One sample's piece of every output of `hbvdr analyze` (see render.hpp).

#include "render.hpp"

#include <hbvdr/report/console.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/multiqc.hpp>
#include <hbvdr/report/tables.hpp>
#include <hbvdr/report/text_report.hpp>

namespace hbvdr::detail
{

fragments render_sample(sample_report const & rep, render_settings const & s)
{
    fragments f;
    append_summary_row(f.summary, rep, s.drug_codes);
    append_call_rows(f.calls, rep);
    append_mutation_rows(f.mutations, rep);
    append_drug_rows(f.drugs, rep);
    append_linkage_rows(f.linkage, rep);
    append_consensus_record(f.consensus, rep);
    append_multiqc_general_stats(f.mqc_stats, rep, s.drug_codes);
    append_multiqc_drug_table(f.mqc_table, rep, s.drug_codes);
    f.json = json_sample(rep, s.json);
    f.status = rep.status;
    switch (s.console)
    {
    case stdout_report::text:
        f.console = text_report(rep, s.report);
        break;
    case stdout_report::html:
        f.console = html_report(rep, s.report);
        break;
    case stdout_report::none:
        f.console = s.print_summary ? console_line(rep) : std::string{};
        break;
    }
    return f;
}

} // namespace hbvdr::detail
