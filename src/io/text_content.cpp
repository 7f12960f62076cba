#include <algorithm>

#include <hbvdr/io/text_content.hpp>

namespace hbvdr
{

std::string_view strip_utf8_bom(std::string_view text) noexcept
{
    if (text.substr(0, utf8_bom.size()) == utf8_bom)
        text.remove_prefix(utf8_bom.size());
    return text;
}

std::string not_text_reason(std::string_view const head)
{
    constexpr std::string_view save_as = " - save it as UTF-8 or ASCII text";
    if (head.starts_with(std::string_view{"\xFF\xFE\0\0", 4}) || head.starts_with(std::string_view{"\0\0\xFE\xFF", 4}))
        return "UTF-32 text" + std::string{save_as};
    if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF"))
        return "UTF-16 text" + std::string{save_as};
    // UTF-16 without a byte-order mark: ASCII characters alternate with NUL bytes.
    std::size_t nul_even = 0, nul_odd = 0;
    for (std::size_t i = 0; i < head.size(); ++i)
        if (head[i] == '\0')
            ++(i % 2 == 0 ? nul_even : nul_odd);
    std::size_t const half = head.size() / 2;
    if (half >= 4 && (nul_even * 10 >= half * 9 || nul_odd * 10 >= half * 9) && std::min(nul_even, nul_odd) == 0)
        return "UTF-16 text" + std::string{save_as};
    if (nul_even + nul_odd > 0)
        return "binary content (NUL bytes)";
    std::size_t const control = static_cast<std::size_t>(std::count_if(
        head.begin(),
        head.end(),
        [](char const c)
        {
            auto const u = static_cast<unsigned char>(c);
            return (u < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || u == 0x7F;
        }));
    if (control > 0 && control * 50 >= head.size()) // over 2 %: no text file looks like that
        return "binary content (control characters)";
    return {};
}

std::string printable_excerpt(std::string_view const text, std::size_t const n)
{
    constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char const c : text.substr(0, n))
    {
        auto const u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7F)
            out.push_back(c);
        else
            out += std::string{"\\x"} + hex[u >> 4] + hex[u & 0xF];
    }
    return out;
}

std::string_view first_line(std::string_view const text) noexcept
{
    return text.substr(0, text.find_first_of("\r\n"));
}

} // namespace hbvdr
