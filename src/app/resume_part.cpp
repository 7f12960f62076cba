#include "resume_part.hpp"

#include <array>
#include <optional>
#include <string_view>

#include <hbvdr/core/text.hpp>
#include <hbvdr/core/sha256.hpp>

namespace hbvdr
{

namespace
{

constexpr std::string_view part_magic = "hbvdr-part\t2\t";

// The text fields of a part file, in file order (pointers to const for a const `f`).
template <typename fragments_t>
auto part_fields(fragments_t & f)
{
    return std::array{&f.summary,
                      &f.calls,
                      &f.mutations,
                      &f.drugs,
                      &f.linkage,
                      &f.consensus,
                      &f.mqc_stats,
                      &f.mqc_table,
                      &f.console,
                      &f.json};
}

} // namespace

std::string serialise(fragments const & f, std::string const & key)
{
    std::string body = std::string{to_string(f.status)} + "\n";
    for (std::string const * s : part_fields(f))
        body += std::to_string(s->size()) + "\n" + *s;
    return std::string{part_magic} + key + "\t" + sha256_hex(body) + "\n" + body;
}

std::pair<part_state, fragments> deserialise(std::string const & text, std::string const & key)
{
    std::string const head = std::string{part_magic} + key + "\t";
    std::size_t const first_line = text.find('\n');
    if (text.rfind(head, 0) != 0 || first_line == std::string::npos)
        return {part_state::other, {}};
    std::string_view const body = std::string_view{text}.substr(first_line + 1);
    if (text.substr(head.size(), first_line - head.size()) != sha256_hex(body))
        return {part_state::damaged, {}};
    std::size_t pos = first_line + 1;
    auto line = [&]() -> std::optional<std::string>
    {
        std::size_t const end = text.find('\n', pos);
        if (end == std::string::npos)
            return std::nullopt;
        std::string l = text.substr(pos, end - pos);
        pos = end + 1;
        return l;
    };
    fragments f;
    std::optional<std::string> const status = line();
    if (!status || (*status != "ok" && *status != "warning" && *status != "error"))
        return {part_state::damaged, {}};
    f.status = *status == "ok" ? sample_status::ok : (*status == "warning" ? sample_status::warning : sample_status::error);
    for (std::string * s : part_fields(f))
    {
        std::optional<std::string> const n = line();
        long long len = 0;
        if (!n || !parse_int(*n, len) || len < 0 || static_cast<std::size_t>(len) > text.size() - pos)
            return {part_state::damaged, {}};
        *s = text.substr(pos, static_cast<std::size_t>(len));
        pos += static_cast<std::size_t>(len);
    }
    if (pos != text.size())
        return {part_state::damaged, {}};
    return {part_state::usable, std::move(f)};
}

} // namespace hbvdr
