//!\file
//!\brief Escaping, the page head with the embedded style sheets, and the pieces both HTML pages use.

#include "page.hpp"

#include <hbvdr/report/disclaimer.hpp>
#include <hbvdr/report/html_report.hpp>

#include "report_assets.hpp" // generated from src/report/assets/*.css (CMakeLists.txt)

namespace hbvdr
{

std::string html_escape(std::string_view const text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char const c : text)
    {
        auto const u = static_cast<unsigned char>(c);
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            if (u < 0x20 || u == 0x7F)
                out += c == '\t' || c == '\n' || c == '\r' ? std::string{" "} : std::string{"\xEF\xBF\xBD"};
            else
                out.push_back(c);
        }
    }
    return out;
}

} // namespace hbvdr

namespace hbvdr::detail
{

std::string esc(std::string_view const s)
{
    return html_escape(s);
}

std::string_view level_class(drug_level const l) noexcept
{
    switch (l)
    {
    case drug_level::S:
        return "lv-s";
    case drug_level::I:
        return "lv-i";
    case drug_level::R:
        return "lv-r";
    case drug_level::insufficient_data:
        return "lv-x";
    }
    return "lv-x";
}

std::string_view level_letter(drug_level const l) noexcept
{
    switch (l)
    {
    case drug_level::S:
        return "S";
    case drug_level::I:
        return "I";
    case drug_level::R:
        return "R";
    case drug_level::insufficient_data:
        return "?";
    }
    return "?";
}

std::string level_badge(drug_level const l)
{
    return "<span class=\"lv " + std::string{level_class(l)} + "\">" + std::string{describe(l)} + "</span>";
}

std::string evidence_mark(std::string const & e)
{
    if (e.empty())
        return {};
    return "<span class=\"mark\" title=\"" + esc(evidence_text(e)) + "\">[" + esc(e) + "]</span>";
}

std::string page_head(std::string const & title, report_options const & opts, std::string_view const body_class)
{
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"hbvdr" + esc(opts.tool_version.empty() ? "" : " " + opts.tool_version)
           + "\">\n";
    // The run index adds the cohort section's few rules (the sample pages stay as they are).
    std::string const extra = body_class == "index" ? std::string{index_css} : std::string{};
    out += "<title>" + esc(title) + "</title>\n<style>\n" + std::string{report_css} + extra + "</style>\n</head>\n"
           + (body_class.empty() ? std::string{"<body>\n"} : "<body class=\"" + std::string{body_class} + "\">\n");
    return out;
}

void page_footer(std::string & o, report_view const & v)
{
    if (v.evidence_marks)
        o += "<p class=\"note\">" + esc(evidence_legend) + "</p>\n";
    o += "<p class=\"disclaimer\" id=\"disclaimer\">" + esc(decision_support_disclaimer) + "</p>\n";
    o += "<footer>" + esc(v.footer) + "</footer>\n</body>\n</html>\n";
}

} // namespace hbvdr::detail
