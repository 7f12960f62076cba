#pragma once

//!\file
//!\brief What the HTML pages share (private to src/report): escaping, the page head with the
//! embedded style sheet, drug-level badges, evidence marks and the sample page's footer.

#include <string>
#include <string_view>

#include <hbvdr/report/model.hpp>
#include <hbvdr/report/report_options.hpp>

#include "../report_view.hpp"

namespace hbvdr::detail
{

//!\brief html_escape() by a short name.
std::string esc(std::string_view s);

//!\brief The CSS class of a drug level: "lv-s", "lv-i", "lv-r", "lv-x" (insufficient data).
std::string_view level_class(drug_level l) noexcept;

//!\brief The one-letter form of a drug level: "S", "I", "R", "?" (insufficient data).
std::string_view level_letter(drug_level l) noexcept;

//!\brief A drug level in words inside its coloured badge.
std::string level_badge(drug_level l);

//!\brief "[C]" or "[L]" with the meaning as its tooltip; empty for verified entries ("").
std::string evidence_mark(std::string const & evidence);

/*!\brief Everything up to and including `<body>`: the generator, `title`, the style sheet
 * (src/report/assets/report.css; the run index, `body_class` "index", adds index.css).
 */
std::string page_head(std::string const & title, report_options const & opts, std::string_view body_class = {});

//!\brief The end of a sample's page: the evidence legend if needed, the disclaimer, the footer line.
void page_footer(std::string & o, report_view const & v);

} // namespace hbvdr::detail
