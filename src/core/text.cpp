#include <charconv>
#include <cmath>
#include <filesystem>
#include <system_error>

#include <hbvdr/core/text.hpp>

namespace hbvdr
{

std::vector<std::string_view> split(std::string_view s, char const sep)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true)
    {
        std::size_t const pos = s.find(sep, start);
        if (pos == std::string_view::npos)
        {
            out.push_back(s.substr(start));
            break;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
    return out;
}

std::string_view trim(std::string_view s) noexcept
{
    auto is_ws = [](char const c)
    {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    };
    while (!s.empty() && is_ws(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_ws(s.back()))
        s.remove_suffix(1);
    return s;
}

std::string join(std::vector<std::string> const & parts, std::string_view const sep)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
    {
        if (i != 0)
            out += sep;
        out += parts[i];
    }
    return out;
}

std::string format_fixed(double const value, int const decimals)
{
    char buf[64];
    // Avoid printing "-0.0000" for tiny negative values.
    double const v = (std::fabs(value) < 0.5 * std::pow(10.0, -decimals)) ? 0.0 : value;
    auto const res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed, decimals);
    return std::string{buf, res.ptr};
}

bool parse_int(std::string_view const s, long long & out) noexcept
{
    if (s.empty())
        return false;
    auto const res = std::from_chars(s.data(), s.data() + s.size(), out);
    return res.ec == std::errc{} && res.ptr == s.data() + s.size();
}

bool parse_double(std::string_view const s, double & out) noexcept
{
    if (s.empty())
        return false;
    auto const res = std::from_chars(s.data(), s.data() + s.size(), out, std::chars_format::general);
    return res.ec == std::errc{} && res.ptr == s.data() + s.size() && std::isfinite(out);
}

std::string tsv_cell(std::string_view const s)
{
    std::string out{s};
    for (char & c : out)
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    return out;
}

std::string to_upper(std::string_view const s)
{
    std::string out{s};
    for (char & c : out)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::string display_path(std::string const & path)
{
    std::filesystem::path const p{path};
    return p.is_absolute() ? p.filename().string() : path;
}

} // namespace hbvdr
