#pragma once

// Helpers shared by the monitor report writers (text, JSON, HTML). Internal to src/monitor.

#include <algorithm>
#include <string>
#include <vector>

#include <hbvdr/core/text.hpp>
#include <hbvdr/monitor/report.hpp>

namespace hbvdr::monitor_detail
{

inline constexpr std::string_view monitor_disclaimer_extra =
    "The classification applies the definitions table as written; thresholds tagged L are unverified recollections of "
    "guideline text "
    "and T are hbvdr conventions.";

//!\brief "regimen 2 (LAM+ADV)".
inline std::string regimen_name(regimen_period const & p)
{
    return "regimen " + std::to_string(p.index + 1) + " (" + p.label() + ")";
}

//!\brief Display of a status in text and HTML.
inline std::string status_text(monitor_status const s)
{
    switch (s)
    {
    case monitor_status::met:
        return "MET";
    case monitor_status::possible:
        return "POSSIBLE";
    case monitor_status::not_confirmed:
        return "not confirmed";
    case monitor_status::not_met:
        return "not met";
    case monitor_status::not_assessable:
        return "not assessable";
    }
    return "";
}

//!\brief Source keys cited anywhere in the report, in sources.tsv order.
inline std::vector<monitoring_source const *> cited_sources(monitor_report const & r,
                                                            monitoring_definitions const & defs)
{
    std::vector<std::string> keys;
    auto add = [&](std::vector<std::string> const & ks)
    {
        for (std::string const & k : ks)
            if (std::find(keys.begin(), keys.end(), k) == keys.end())
                keys.push_back(k);
    };
    for (monitor_finding const & f : r.result.findings)
        add(f.sources);
    for (first_line_warning const & w : r.result.warnings)
        add(w.sources);
    for (next_step const & n : r.gate.next_steps)
        add(n.sources);
    std::vector<monitoring_source const *> out;
    for (monitoring_source const & s : defs.source_list())
        if (std::find(keys.begin(), keys.end(), s.key) != keys.end())
            out.push_back(&s);
    return out;
}

//!\brief "2020-01-06 - ongoing" / "2020-01-06 - 2021-01-04".
inline std::string period_dates(regimen_period const & p)
{
    return p.start.iso() + " - " + (p.end ? p.end->iso() : std::string{"ongoing"});
}

inline std::string hbeag_text(std::optional<bool> const h)
{
    return h ? (*h ? "positive" : "negative") : "unknown";
}

//!\brief Baseline and nadir of a regimen in one line.
inline std::string regimen_summary(regimen_period const & p)
{
    std::string s = period_dates(p);
    if (p.first_line)
        s += ", first nucleos(t)ide line";
    s += "; baseline HBV DNA ";
    s += p.baseline_dna ? p.baseline_dna->value.text() + " IU/mL (" + format_fixed(p.baseline_dna->value.log10(), 2)
                              + " log10, " + p.baseline_dna->date.iso() + ")"
                        : std::string{"unknown"};
    s += ", HBeAg " + hbeag_text(p.baseline_hbeag_positive);
    if (p.baseline_hbsag)
        s += ", HBsAg " + p.baseline_hbsag->value.text() + " IU/mL";
    if (p.baseline_alt_ratio)
        s += ", ALT " + format_fixed(*p.baseline_alt_ratio, 1) + " x ULN";
    if (p.nadir)
        s += "; nadir " + p.nadir->value.text() + " (" + format_fixed(p.nadir->value.log10(), 2) + " log10, "
             + p.nadir->date.iso() + ")";
    return s;
}

} // namespace hbvdr::monitor_detail
