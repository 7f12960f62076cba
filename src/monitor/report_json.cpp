#include <algorithm>
#include <cmath>

#include <hbvdr/monitor/batch_report.hpp>
#include <hbvdr/monitor/report.hpp>
#include <hbvdr/report/disclaimer.hpp>

#include "report_common.hpp"
#include <nlohmann/json.hpp>

namespace hbvdr
{

namespace
{

using ojson = nlohmann::ordered_json;

double round6(double const v)
{
    return std::round(v * 1e6) / 1e6;
}

ojson opt_date(std::optional<calendar_date> const & d)
{
    return d ? ojson(d->iso()) : ojson(nullptr);
}

ojson opt_num(std::optional<double> const & v)
{
    return v ? ojson(round6(*v)) : ojson(nullptr);
}

ojson opt_bool_hbeag(std::optional<bool> const & h)
{
    return h ? ojson(*h ? "positive" : "negative") : ojson(nullptr);
}

std::string_view state_name(lab_state const s)
{
    switch (s)
    {
    case lab_state::quantified:
        return "quantified";
    case lab_state::below_limit:
        return "below_limit";
    case lab_state::detected_below:
        return "detected_below_limit";
    case lab_state::not_detected:
        return "not_detected";
    }
    return "";
}

ojson lab(std::optional<lab_value> const & v)
{
    if (!v)
        return nullptr;
    return {{"text", v->text()},
            {"state", std::string{state_name(v->state)}},
            {"iu_per_ml", round6(v->value)},
            {"log10", round6(v->log10())}};
}

ojson dated(std::optional<dated_value> const & d)
{
    if (!d)
        return nullptr;
    ojson j = lab(d->value);
    j["date"] = d->date.iso();
    return j;
}

ojson regimen_ref(std::optional<std::size_t> const i)
{
    return i ? ojson(*i + 1) : ojson(nullptr);
}

ojson definitions_json(monitoring_definitions const & defs)
{
    return {{"files",
             ojson::array({{{"name", "definitions.tsv"}, {"sha256", defs.definitions_sha256()}},
                           {{"name", "sources.tsv"}, {"sha256", defs.sources_sha256()}}})},
            {"evidence_legend", std::string{monitoring_evidence_legend}}};
}

std::string monitor_disclaimer()
{
    return std::string{decision_support_disclaimer} + " " + std::string{monitor_detail::monitor_disclaimer_extra};
}

std::string dump(ojson const & j)
{
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace

std::string monitor_json(monitor_report const & r, monitoring_definitions const & defs)
{
    monitor_result const & res = r.result;
    double const min_rise = defs.number("VBT", "min_rise");
    ojson j;
    j["schema_version"] = std::string{monitor_json_schema_version};
    j["tool"] = {{"name", "hbvdr"}, {"version", r.tool_version}, {"command", "monitor"}};
    j["definitions"] = definitions_json(defs);
    j["mutation_db"] = {{"name_version", r.db_label}, {"manifest_sha256", r.db_manifest_sha256}};
    j["patient"] = {{"id", r.patient.patient},
                    {"timeline", r.patient.source},
                    {"genotype", res.genotype ? ojson(std::string(1, *res.genotype)) : ojson(nullptr)},
                    {"genotype_source", res.genotype_source.empty() ? ojson(nullptr) : ojson(res.genotype_source)},
                    {"prior_history", r.patient.prior_history}};
    j["treatment_context"] = {{"history", r.context.history}, {"hbeag", opt_bool_hbeag(r.context.hbeag_positive)}};

    ojson regimens = ojson::array();
    for (regimen_period const & p : res.regimens)
        regimens.push_back(
            {{"regimen", p.index + 1},
             {"drugs", p.drugs},
             {"start", p.start.iso()},
             {"end", opt_date(p.end)},
             {"line", p.start_line},
             {"nucleos_t_ide", p.nucleos_t_ide},
             {"peginterferon", p.peginterferon},
             {"first_line", p.first_line},
             {"baseline",
              {{"hbv_dna", dated(p.baseline_dna)},
               {"hbsag", dated(p.baseline_hbsag)},
               {"alt_x_uln", opt_num(p.baseline_alt_ratio)},
               {"hbeag", opt_bool_hbeag(p.baseline_hbeag_positive)}}},
             {"nadir", dated(p.nadir)},
             {"breakthrough_threshold_log10",
              p.nucleos_t_ide && p.nadir ? ojson(round6(p.nadir->value.log10() + min_rise)) : ojson(nullptr)}});
    j["regimens"] = regimens;

    ojson events = ojson::array();
    for (timeline_row const & row : r.patient.rows)
        if (row.event != regimen_event::none)
            events.push_back({{"date", row.date.iso()},
                              {"line", row.line},
                              {"event", std::string{to_string(row.event)}},
                              {"drugs", row.stop_all ? std::vector<std::string>{"all"} : row.drugs},
                              {"note", row.note}});
    j["events"] = events;

    ojson points = ojson::array();
    for (time_point const & tp : res.points)
    {
        timeline_row const & row = r.patient.rows[tp.row];
        points.push_back({{"date", row.date.iso()},
                          {"line", row.line},
                          {"regimen", regimen_ref(tp.regimen)},
                          {"week", tp.week >= 0 ? ojson(round6(tp.week)) : ojson(nullptr)},
                          {"hbv_dna", lab(row.hbv_dna)},
                          {"nadir_log10", opt_num(tp.nadir_log10)},
                          {"above_nadir_log10", opt_num(tp.above_nadir)},
                          {"from_baseline_log10", opt_num(tp.from_baseline)},
                          {"alt",
                           row.alt ? ojson{{"u_per_l", round6(*row.alt)},
                                           {"uln", round6(*row.alt_uln)},
                                           {"x_uln", round6(*tp.alt_ratio)}}
                                   : ojson(nullptr)},
                          {"hbsag", lab(row.hbsag)},
                          {"hbeag", opt_bool_hbeag(row.hbeag_positive)},
                          {"note", row.note},
                          {"readings", tp.labels}});
    }
    j["time_points"] = points;

    ojson findings = ojson::array();
    for (monitor_finding const & f : res.findings)
        findings.push_back({{"rule", f.rule},
                            {"kind", std::string{to_string(f.kind)}},
                            {"label", std::string{describe(f.kind)}},
                            {"status", std::string{to_string(f.status)}},
                            {"regimen", f.regimen + 1},
                            {"date", opt_date(f.date)},
                            {"confirmed_on", opt_date(f.confirmed_on)},
                            {"week", f.week >= 0 ? ojson(round6(f.week)) : ojson(nullptr)},
                            {"detail", f.detail},
                            {"evidence", f.evidence},
                            {"sources", f.sources}});
    j["classifications"] = findings;

    ojson warnings = ojson::array();
    for (first_line_warning const & w : res.warnings)
        warnings.push_back({{"rule", w.rule},
                            {"regimen", w.regimen + 1},
                            {"date", w.date.iso()},
                            {"line", w.line},
                            {"text", w.text},
                            {"evidence", w.evidence},
                            {"sources", w.sources}});
    j["first_line_checks"] = warnings;

    ojson steps = ojson::array();
    for (gate_step const & s : r.gate.steps)
        steps.push_back({{"gate", std::string{to_string(s.gate)}},
                         {"reached", s.reached},
                         {"date", opt_date(s.date)},
                         {"basis", s.basis}});
    j["gate"] = {{"reached", std::string{to_string(r.gate.reached)}},
                 {"label", std::string{describe(r.gate.reached)}},
                 {"regimen", regimen_ref(r.gate.regimen)},
                 {"steps", steps}};
    ojson next = ojson::array();
    for (next_step const & n : r.gate.next_steps)
        next.push_back({{"text", n.text}, {"sources", n.sources}});
    j["next_steps"] = next;

    if (r.genotype)
    {
        genotypic_result const & g = *r.genotype;
        ojson drugs = ojson::array();
        for (genotypic_drug const & d : g.drugs)
            drugs.push_back({{"drug", d.drug}, {"name", d.name}, {"level", d.level}, {"mutations", d.mutations}});
        ojson salvage = ojson::array();
        for (salvage_item const & s : g.salvage)
            salvage.push_back({{"id", s.id},
                               {"recommendation", s.recommendation},
                               {"guideline", s.guideline},
                               {"evidence", s.evidence},
                               {"comment", s.comment}});
        ojson cautions = ojson::array();
        for (caution_item const & c : g.cautions)
            cautions.push_back({{"id", c.id}, {"text", c.text}, {"references", c.references}});
        j["genotypic_result"] = {{"sample", g.sample},
                                 {"origin", g.origin},
                                 {"genotype", g.genotype},
                                 {"qc_status", g.qc_status},
                                 {"mutation_db", g.mutation_db},
                                 {"drugs", drugs},
                                 {"salvage", salvage},
                                 {"cautions", cautions},
                                 {"context", {{"history", g.history_used}, {"hbeag", opt_bool_hbeag(g.hbeag_used)}}}};
    }
    else
        j["genotypic_result"] = nullptr;
    j["notes"] = r.notes;
    ojson sources = ojson::array();
    for (monitoring_source const * s : monitor_detail::cited_sources(r, defs))
        sources.push_back({{"key", s->key}, {"citation", s->citation}, {"url", s->url}});
    j["sources"] = sources;
    j["disclaimer"] = monitor_disclaimer();
    return dump(j);
}

std::string monitor_batch_json(monitor_batch_info const & info,
                               std::vector<monitor_batch_entry> const & entries,
                               monitoring_definitions const & defs)
{
    std::size_t const ok = static_cast<std::size_t>(std::count_if(entries.begin(),
                                                                  entries.end(),
                                                                  [](monitor_batch_entry const & e)
                                                                  {
                                                                      return e.ok;
                                                                  }));
    ojson j;
    j["schema_version"] = std::string{monitor_json_schema_version};
    j["tool"] = {{"name", "hbvdr"}, {"version", info.tool_version}, {"command", "monitor"}};
    j["batch"] = {{"input", info.input},
                  {"kind", info.kind},
                  {"patients", entries.size()},
                  {"ok", ok},
                  {"error", entries.size() - ok}};
    j["definitions"] = definitions_json(defs);
    j["mutation_db"] = {{"name_version", info.db_label}, {"manifest_sha256", info.db_manifest_sha256}};
    ojson patients = ojson::array();
    for (monitor_batch_entry const & e : entries)
    {
        ojson reports = ojson::object();
        for (auto const & [format, path] : e.reports)
            reports[format] = path;
        patients.push_back({{"patient", e.patient},
                            {"timeline", e.timeline},
                            {"status", e.ok ? "ok" : "error"},
                            {"error", e.ok ? ojson(nullptr) : ojson(e.error)},
                            {"gate", e.ok ? ojson(e.gate) : ojson(nullptr)},
                            {"classifications_met", e.met},
                            {"classifications_possible", e.possible},
                            {"first_line_warnings", e.warnings},
                            {"reports", reports}});
    }
    j["patients"] = patients;
    j["disclaimer"] = monitor_disclaimer();
    return dump(j);
}

} // namespace hbvdr
