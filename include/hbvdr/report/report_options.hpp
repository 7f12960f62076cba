#pragma once

//!\file
//!\brief What the clinician reports (text, HTML, run index) print besides the sample itself.
//!
//! Everything here is run-level and deterministic: no timestamps, host names or absolute paths
//! belong in it (output contract, docs/architecture). Fill it once per run, e.g.
//! `report_options opts = report_options_for(db); opts.tool_version = std::string{tool_version()};`.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <hbvdr/interpret/interpret.hpp>

namespace hbvdr
{

class mutation_db;

//!\brief Run-level settings shared by text_report(), html_report() and html_index().
struct report_options
{
    //! Printed as "hbvdr <tool_version>"; the caller passes hbvdr::tool_version() (tests pin it).
    std::string tool_version;
    //! Database as printed, e.g. "hbvdr-db 2026.1 (released 2026-11-21)". Empty: the sample's own
    //! interpretation names the database ("hbvdr-db 2026.1"), or "none applied" without one.
    std::string db_label;
    //! RT positions (1-based, rt1..rt344) whose coverage decides drug calls: marked in the RT map
    //! and used for "lowest depth at a resistance position" (NGS). Out-of-range values are ignored.
    //! From the database (mutation_db::coverage_rt_positions via report_options_for); none without one.
    std::vector<int> resistance_positions{};
    //! Citation key -> citation text, printed as the source of each guideline named by a salvage
    //! option (e.g. {"EASL2017", "European Association for the Study of the Liver. ..."}). Keys
    //! without an entry are printed as the key alone. Never turned into links.
    std::vector<std::pair<std::string, std::string>> citations;

    // NGS samples only (a sample is NGS when its codon calls carry depth): printed on the page.
    double ngs_min_freq{0.02};        //!< Amino acids are reported from this frequency (fraction) on.
    std::uint32_t ngs_min_depth{100}; //!< Codons with fewer molecules are not called.
    //! Below this frequency a residue is "minority"; the sample's interpretation, when present,
    //! supplies its own value (interpretation::minority_below) and wins.
    double ngs_minority_below{default_minority_below};

    //! Text report line width in columns (terminal cells; one per UTF-8 code point). Minimum 40.
    int text_width{80};
};

/*!\brief Options filled from a loaded database: db_label ("name version (released date)"), the
 * resistance positions (rule positions plus catalogued primary/secondary ones, as QC checks them)
 * and the citations of its references. tool_version and the NGS thresholds are left to the caller.
 */
report_options report_options_for(mutation_db const & db);

//!\brief The database label as reports print it: "hbvdr-db 2026.1 (released 2026-11-21)".
std::string db_label_text(std::string const & name_and_version, std::string const & release_date);

} // namespace hbvdr
