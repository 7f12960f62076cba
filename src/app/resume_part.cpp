#include "resume_part.hpp"

#include <array>
#include <optional>
#include <ostream>
#include <string_view>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/sha256.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/json_fields.hpp>
#include <hbvdr/io/read_file.hpp>

#include <nlohmann/json.hpp>

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
    f.status =
        *status == "ok" ? sample_status::ok : (*status == "warning" ? sample_status::warning : sample_status::error);
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

std::string resume_settings_key(run_metadata const & meta, analyze_config const & cfg)
{
    std::string key = meta.tool_version + "\n" + meta.reference_manifest_sha256 + "\n" + meta.db_manifest_sha256 + "\n";
    for (auto const & [k, v] : meta.parameters)
        key += k + "=" + v + "\n";
    key += std::string{cfg.json.full_calls ? "json-calls" : ""} + (cfg.reports_text ? "+text" : "")
           + (cfg.reports_html ? "+html" : "") + (cfg.multiqc ? "+mqc" : "") + "\n";
    return key;
}

std::string resume_sample_key(std::string const & settings_key,
                              std::size_t const index_in_run,
                              std::string const & stem,
                              std::string const & content)
{
    return sha256_hex(settings_key + std::to_string(index_in_run) + "\n" + stem + "\n" + content);
}

std::string sequence_content_key(sample_input const & s, bool const with_context)
{
    std::string key =
        s.input_file + "\n" + std::to_string(s.record) + "\n" + s.name + "\n" + s.sequence + "\n" + s.problem;
    if (with_context)
        key += "\n" + join(s.context ? s.context->history : std::vector<std::string>{}, ",")
               + (s.context && s.context->hbeag_positive ? (*s.context->hbeag_positive ? "+" : "-") : "?");
    return key;
}

std::string reads_content_key(std::vector<std::string> const & paths)
{
    std::string fp;
    for (std::string const & p : paths)
    {
        std::error_code ec;
        auto const size = std::filesystem::file_size(p, ec);
        auto const time = std::filesystem::last_write_time(p, ec).time_since_epoch().count();
        fp += p + "\t" + std::to_string(ec ? 0 : size) + "\t" + std::to_string(time) + "\n";
    }
    return fp;
}

std::optional<cached_sample> read_cached_sample(std::filesystem::path const & part,
                                                std::string const & key,
                                                double const minority_below,
                                                std::ostream & log)
{
    std::optional<std::string> const text = read_whole_file(part);
    if (!text)
        return std::nullopt;
    auto [state, f] = deserialise(*text, key);
    try // its sample must read back as the index reads it
    {
        if (state == part_state::damaged)
            throw input_error{part.string() + ": its content does not match its checksum (edited or damaged)"};
        if (state == part_state::usable)
        {
            json_fields const jf{part.string()};
            nlohmann::json const sample = jf.parse(f.json);
            cached_sample c;
            c.row = index_row_from_json(sample, jf);
            c.cohort = cohort_sample_from_json(sample, jf, minority_below);
            c.f = std::move(f);
            return c;
        }
    }
    catch (input_error const & e)
    {
        log << "hbvdr: warning: " << e.what() << "; the sample is analysed again\n";
    }
    return std::nullopt;
}

} // namespace hbvdr
