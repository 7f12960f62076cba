#include <hbvdr/core/error.hpp>
#include <hbvdr/io/json_fields.hpp>

#include <nlohmann/json.hpp>

namespace hbvdr
{

using json = nlohmann::json;

json json_fields::parse(std::string_view const text) const
{
    try
    {
        return json::parse(text);
    }
    catch (json::exception const & e) // parse_error, and out_of_range for a number too large for a double
    {
        throw input_error{m_where + ": not valid JSON (" + std::string{e.what()} + ")"};
    }
}

void json_fields::fail(std::string const & field, std::string const & what) const
{
    throw input_error{m_where + ": field '" + field + "' " + what
                      + " (was this file written by hbvdr, and not edited or cut short?)"};
}

json const & json_fields::member(json const & obj, std::string const & key, std::string const & path) const
{
    if (!obj.is_object())
        fail(path.empty() ? "(top level)" : path.substr(0, path.size() - 1), "is not an object");
    auto const it = obj.find(key);
    if (it == obj.end())
        fail(path + key, "is missing");
    return *it;
}

json const * json_fields::optional(json const & obj, std::string const & key) const
{
    if (!obj.is_object())
        return nullptr;
    auto const it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
}

std::string json_fields::str(json const & obj, std::string const & key, std::string const & path) const
{
    json const & v = member(obj, key, path);
    if (!v.is_string())
        fail(path + key, "is not a string");
    return v.get<std::string>();
}

std::string json_fields::optional_str(json const & obj, std::string const & key, std::string const & path) const
{
    member(obj, key, path); // the object itself must be one
    json const * v = optional(obj, key);
    if (v != nullptr && !v->is_string())
        fail(path + key, "is neither a string nor null");
    return v == nullptr ? std::string{} : v->get<std::string>();
}

double json_fields::number(json const & obj, std::string const & key, std::string const & path) const
{
    json const & v = member(obj, key, path);
    if (!v.is_number())
        fail(path + key, "is not a number");
    return v.get<double>();
}

std::uint64_t json_fields::count(json const & obj, std::string const & key, std::string const & path) const
{
    json const & v = member(obj, key, path);
    if (!v.is_number_unsigned())
        fail(path + key, "is not a whole number >= 0");
    return v.get<std::uint64_t>();
}

json const & json_fields::array(json const & obj, std::string const & key, std::string const & path) const
{
    json const & v = member(obj, key, path);
    if (!v.is_array())
        fail(path + key, "is not an array");
    return v;
}

json const & json_fields::object(json const & obj, std::string const & key, std::string const & path) const
{
    json const & v = member(obj, key, path);
    if (!v.is_object())
        fail(path + key, "is not an object");
    return v;
}

std::vector<std::string> json_fields::strings(json const & obj, std::string const & key, std::string const & path) const
{
    std::vector<std::string> out;
    json const & a = array(obj, key, path);
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (!a[i].is_string())
            fail(path + key + "[" + std::to_string(i) + "]", "is not a string");
        out.push_back(a[i].get<std::string>());
    }
    return out;
}

} // namespace hbvdr
