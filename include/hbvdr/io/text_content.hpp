#pragma once

//!\file
//!\brief What the first bytes of a file say about it: plain text or not (for messages that say
//! what a file is not), and the UTF-8 byte-order mark some editors write.

#include <string>
#include <string_view>

namespace hbvdr
{

//!\brief The UTF-8 byte-order mark (EF BB BF) some editors put at the start of a text file.
inline constexpr std::string_view utf8_bom{"\xEF\xBB\xBF"};

//!\brief `text` without a leading UTF-8 byte-order mark.
std::string_view strip_utf8_bom(std::string_view text) noexcept;

/*!\brief Why the first bytes of a file (decompressed, byte-order mark included) are not ASCII or
 * UTF-8 text: "UTF-16 text (...)", "UTF-32 text (...)", "binary content (NUL bytes)" or "binary
 * content (control characters)"; empty if they may be text.
 */
std::string not_text_reason(std::string_view head);

//!\brief The first `n` characters of `text` for a message: control and non-ASCII bytes as \xHH.
std::string printable_excerpt(std::string_view text, std::size_t n);

//!\brief `text` up to its first line break (CR or LF), excluded.
std::string_view first_line(std::string_view text) noexcept;

} // namespace hbvdr
