#include <hbvdr/app/file_names.hpp>

namespace hbvdr
{

std::string safe_file_stem(std::string_view const name)
{
    std::string out;
    for (char const c : name)
    {
        bool const ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
                        || c == '_' || c == '-';
        out.push_back(ok ? c : '_');
        if (out.size() >= 96)
            break;
    }
    if (!out.empty() && (out.front() == '.' || out.front() == '-'))
        out.front() = '_';
    if (out.empty())
        out = "sample";
    return out;
}

std::string file_stem_registry::assign(std::string_view const name)
{
    std::string const base = safe_file_stem(name);
    auto lower = [](std::string s)
    {
        for (char & c : s)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        return s;
    };
    std::string candidate = base;
    for (int n = 2; !m_used.insert(lower(candidate)).second; ++n)
        candidate = base + "~" + std::to_string(n);
    return candidate;
}

} // namespace hbvdr
