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
//!   messages.tsv     `#hbvdr-monitoring-messages<TAB>1`, then `id when template sources evidence`:
//!                    the sentences of the next steps and first-line warnings, with `{name}`
//!                    placeholders filled by the rule code (data/monitoring/README.md).
//!   SHA256SUMS       `sha256sum` output for the three files; checked on load.
//!
//! Every problem throws data_error naming the file and line.

#include <filesystem>
#include <initializer_list>
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

//!\brief One row of messages.tsv: a sentence of advice or a warning, with its sources.
struct monitoring_message
{
    std::string id;                   //!< Message id ("NEXT-BBT", "FL-LAM-HIGH-DNA", ...).
    std::string when;                 //!< When the message is given (documentation only).
    std::string text;                 //!< The template, with `{name}` placeholders.
    bool cites_definition{false};     //!< Sources and evidence are those of the definition reported.
    std::vector<std::string> sources; //!< Keys of sources.tsv (empty: none, or cites_definition).
    std::string evidence;             //!< V, L or T; empty when cites_definition.
    std::size_t line{0};              //!< Line in messages.tsv.
};

//!\brief A value for a `{name}` placeholder of a message template.
struct message_arg
{
    std::string_view name; //!< The placeholder's name, without braces.
    std::string value;     //!< The text put in its place.
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

    /*!\brief Parse messages.tsv (no checksum check) into these definitions; `name` is used in messages.
     * Every message id this hbvdr uses must be present once, and nothing else; a template may use
     * only the placeholders of its id. Sources must be keys of the sources already parsed.
     */
    void parse_messages(std::string_view text, std::string const & name);

    //!\brief The message; throws data_error if absent (cannot happen after a successful load).
    monitoring_message const & message(std::string_view id) const;
    /*!\brief The template of message `id` with every `{name}` replaced by the value given for it;
     * throws data_error if a placeholder of the template has no value.
     */
    std::string render(std::string_view id, std::initializer_list<message_arg> args = {}) const;

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
    //!\brief sha256 of messages.tsv as read (empty if no messages were parsed).
    std::string const & messages_sha256() const noexcept
    {
        return m_messages_sha;
    }

private:
    std::vector<monitoring_parameter> m_rows;
    std::vector<monitoring_source> m_sources;
    std::vector<monitoring_message> m_messages;
    std::string m_defs_sha, m_sources_sha, m_messages_sha;
};

//!\brief Every (id, parameter) pair the classification reads, with the unit it must have.
struct monitoring_requirement
{
    std::string_view id, parameter, unit;
};
std::vector<monitoring_requirement> const & monitoring_requirements();

//!\brief Every message id of messages.tsv the code renders, with the placeholders its template may use.
struct message_requirement
{
    std::string_view id;                        //!< Message id.
    std::vector<std::string_view> placeholders; //!< Names allowed between braces.
};
std::vector<message_requirement> const & message_requirements();

} // namespace hbvdr
