#pragma once

//!\file
//!\brief Monitoring definitions (data/monitoring/): the thresholds of the virological-response
//! classification and first-line checks, with their sources and evidence, loaded at run time.
//!
//! Files (tab-separated, UTF-8; documented in docs/monitor.md):
//!   definitions.tsv  `#hbvdr-monitoring-definitions<TAB>1`, then the header
//!                    `id parameter value unit applies_to source evidence description`;
//!                    one row per (id, parameter). The unit says how `value` is read: a number
//!                    (week, weeks, days, count, log10 IU/mL, IU/mL, x ULN) or a list
//!                    (drugs: drug codes; genotypes: letters A-J; drug pairs: `LAM>LdT,...`).
//!                    evidence: V (verified against a retrieved source), L (unverified,
//!                    recalled), T (hbvdr convention, not a guideline threshold).
//!   sources.tsv      `#hbvdr-monitoring-sources<TAB>1`, then `key citation url`.
//!   SHA256SUMS       `sha256sum` output for both files; checked on load.
//!
//! Every problem throws data_error naming the file and line.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hbvdr
{

//!\brief Evidence tags of monitoring definitions.
inline constexpr std::string_view monitoring_evidence_legend =
    "V verified against a retrieved source; L unverified (recalled, check before clinical use); T hbvdr convention";

struct monitoring_source
{
    std::string key, citation, url;
    std::size_t line{0};
};

//!\brief One row of definitions.tsv.
struct monitoring_parameter
{
    std::string id, parameter;
    std::string value_text;        //!< As written.
    double value{0.0};             //!< Numeric units only.
    std::vector<std::string> list; //!< List units only (drug codes in database spelling, genotypes, "A>B" pairs).
    std::string unit, applies_to;
    std::vector<std::string> sources; //!< Keys of sources.tsv.
    std::string evidence;             //!< V, L or T.
    std::string description;
    std::size_t line{0};
};

/*!\brief The loaded definitions. Every (id, parameter) the classification uses must be present
 * and nothing else may be: a typo in the table is an error at load time, not a silent default.
 */
class monitoring_definitions
{
public:
    static constexpr int format_version = 1;

    /*!\brief Load `dir`/definitions.tsv and `dir`/sources.tsv, checking them against `dir`/SHA256SUMS.
     * \param known_drugs Drug codes of the mutation database (lists are canonicalised to their spelling).
     */
    static monitoring_definitions load(std::filesystem::path const & dir, std::vector<std::string> const & known_drugs);

    //!\brief Parse file contents (no checksum check); `defs_name`/`sources_name` are used in messages.
    static monitoring_definitions parse(std::string_view defs_text,
                                        std::string_view sources_text,
                                        std::string const & defs_name,
                                        std::string const & sources_name,
                                        std::vector<std::string> const & known_drugs);

    //!\brief The row; throws data_error if absent (cannot happen after a successful load).
    monitoring_parameter const & get(std::string_view id, std::string_view parameter) const;
    double number(std::string_view id, std::string_view parameter) const
    {
        return get(id, parameter).value;
    }
    std::vector<std::string> const & list(std::string_view id, std::string_view parameter) const
    {
        return get(id, parameter).list;
    }
    //!\brief Weakest guideline evidence over the rows of a definition id (L before V; T only if every row is T).
    std::string evidence(std::string_view id) const;
    //!\brief Source keys over the rows of a definition id, first-seen order.
    std::vector<std::string> sources(std::string_view id) const;

    std::vector<monitoring_parameter> const & rows() const noexcept
    {
        return m_rows;
    }
    std::vector<monitoring_source> const & source_list() const noexcept
    {
        return m_sources;
    }
    monitoring_source const * find_source(std::string_view key) const noexcept;

    //!\brief sha256 of definitions.tsv and sources.tsv as read.
    std::string const & definitions_sha256() const noexcept
    {
        return m_defs_sha;
    }
    std::string const & sources_sha256() const noexcept
    {
        return m_sources_sha;
    }

private:
    std::vector<monitoring_parameter> m_rows;
    std::vector<monitoring_source> m_sources;
    std::string m_defs_sha, m_sources_sha;
};

//!\brief Every (id, parameter) pair the classification reads, with the unit it must have.
struct monitoring_requirement
{
    std::string_view id, parameter, unit;
};
std::vector<monitoring_requirement> const & monitoring_requirements();

} // namespace hbvdr
