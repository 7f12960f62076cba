//!\file
//!\brief The small formats the report renderers share (percentages, grouped integers, SVG numbers,
//! evidence marks, drug-note wording) and reading a drug level back from results.json.

#include <charconv>

#include <hbvdr/core/text.hpp>

#include "report_view.hpp"

namespace hbvdr::detail
{

std::string evidence_text(std::string const & evidence)
{
    if (evidence == "C")
        return "evidence C: computed";
    if (evidence == "L")
        return "evidence L: from the literature as recalled, not re-verified";
    return {};
}

std::string follows_note(std::string const & drug)
{
    return "scored with the " + drug + " rules";
}

std::string majority_note(drug_level const level)
{
    return std::string{describe(level)} + " from the majority variants alone";
}

std::string percent(double const fraction)
{
    return format_fixed(100 * fraction, 1) + "%";
}

std::string svg_number(double const v)
{
    std::string s = format_fixed(v, 1);
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0)
        s.resize(s.size() - 2);
    return s == "-0" ? "0" : s;
}

drug_level drug_level_field(nlohmann::json const & obj,
                            std::string const & key,
                            std::string const & path,
                            json_fields const & fields)
{
    std::string const lv = fields.str(obj, key, path);
    if (lv == "S")
        return drug_level::S;
    if (lv == "I")
        return drug_level::I;
    if (lv == "R")
        return drug_level::R;
    if (lv != "insufficient_data")
        fields.fail(path + key, "is '" + lv + "', not S, I, R or insufficient_data");
    return drug_level::insufficient_data;
}

std::string grouped(unsigned long long const n)
{
    char buf[24];
    auto const res = std::to_chars(buf, buf + sizeof(buf), n);
    std::string const digits(buf, res.ptr);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i)
    {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

} // namespace hbvdr::detail
