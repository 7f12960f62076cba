#pragma once

//!\file
//!\brief Checked access to JSON that hbvdr wrote and reads back (results.json of `aggregate` and
//! `monitor --results`, the samples of `--resume` parts): a missing or mistyped field is an
//! input_error naming the document and the field, never undefined behaviour.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hbvdr
{

/*!\brief Reads the fields of one JSON document. Every accessor takes the object, the key, and the
 * path of the object for messages ("" at the top, "samples[3]." inside); each throws input_error
 * "WHERE: field 'PATH KEY' is missing" (or "is not a string", ...) when the field is not as hbvdr
 * writes it.
 */
class json_fields
{
public:
    //!\brief `where` names the document in messages, e.g. "run1/results.json".
    explicit json_fields(std::string where) : m_where{std::move(where)}
    {}

    //!\brief Parse a whole document; throws input_error if it is not valid JSON.
    nlohmann::json parse(std::string_view text) const;
    //!\brief Throw input_error for `field` (its full path): "WHERE: field 'FIELD' WHAT (...)".
    [[noreturn]] void fail(std::string const & field, std::string const & what) const;

    nlohmann::json const & member(nlohmann::json const & obj, std::string const & key, std::string const & path) const;
    //!\brief The member, or nullptr if it is absent or null.
    nlohmann::json const * optional(nlohmann::json const & obj, std::string const & key) const;
    std::string str(nlohmann::json const & obj, std::string const & key, std::string const & path) const;
    //!\brief A string member that may be absent or null ("" then).
    std::string optional_str(nlohmann::json const & obj, std::string const & key, std::string const & path) const;
    double number(nlohmann::json const & obj, std::string const & key, std::string const & path) const;
    //!\brief A non-negative integer member.
    std::uint64_t count(nlohmann::json const & obj, std::string const & key, std::string const & path) const;
    nlohmann::json const & array(nlohmann::json const & obj, std::string const & key, std::string const & path) const;
    nlohmann::json const & object(nlohmann::json const & obj, std::string const & key, std::string const & path) const;
    std::vector<std::string>
    strings(nlohmann::json const & obj, std::string const & key, std::string const & path) const;

    std::string const & where() const noexcept
    {
        return m_where;
    }

private:
    std::string m_where;
};

} // namespace hbvdr
