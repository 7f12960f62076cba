#pragma once

//!\file
//!\brief Small locale-independent text helpers shared by parsers and writers.

#include <string>
#include <string_view>
#include <vector>

namespace hbvdr
{

//!\brief Split on a single character; keeps empty fields. The views point into `s`.
std::vector<std::string_view> split(std::string_view s, char sep);
//!\brief Splitting a temporary string would return views into freed memory (e.g. in a range-for).
std::vector<std::string_view> split(std::string && s, char sep) = delete;

//!\brief Remove leading and trailing ASCII whitespace (space, tab, CR, LF).
std::string_view trim(std::string_view s) noexcept;

//!\brief Join strings with a separator.
std::string join(std::vector<std::string> const & parts, std::string_view sep);

//!\brief Fixed-point decimal text of a number, independent of the C/C++ locale (`0.0210`).
std::string format_fixed(double value, int decimals);

//!\brief Parse a whole string as a non-negative integer; false if it is not one.
bool parse_int(std::string_view s, long long & out) noexcept;

//!\brief Parse a whole string as a finite decimal number (locale independent); false if it is not one.
bool parse_double(std::string_view s, double & out) noexcept;

//!\brief Replace tabs, CR and LF by spaces so a free-text value stays in one TSV cell.
std::string tsv_cell(std::string_view s);

//!\brief ASCII upper case.
std::string to_upper(std::string_view s);

//!\brief Display form of an input path in outputs: as given, but only the file name if absolute
//! (outputs name no absolute paths).
std::string display_path(std::string const & path);

} // namespace hbvdr
