#pragma once

//!\file
//!\brief The decision-support disclaimer every report prints (results.json's run header, the text,
//! HTML and monitor reports; the MultiQC section descriptions end with its short form).

#include <string_view>

namespace hbvdr
{

//!\brief Printed with every interpretation.
inline constexpr std::string_view decision_support_disclaimer =
    "Decision support only: genotypic resistance predicted from a curated, cited database; it does not replace "
    "clinical judgment, adherence assessment or phenotypic testing, and salvage options are guideline summaries, "
    "not prescriptions.";

//!\brief The short form that ends the MultiQC section descriptions.
inline constexpr std::string_view decision_support_short = "Decision support only.";

} // namespace hbvdr
