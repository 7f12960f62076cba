#include <hbvdr/core/mutation.hpp>

namespace hbvdr
{

std::string_view to_string(mutation_kind const k) noexcept
{
    switch (k)
    {
    case mutation_kind::substitution:
        return "substitution";
    case mutation_kind::mixture:
        return "mixture";
    case mutation_kind::deletion:
        return "deletion";
    case mutation_kind::insertion:
        return "insertion";
    case mutation_kind::frameshift:
        return "frameshift";
    }
    return "substitution";
}

std::string aa_mutation::label() const
{
    std::string const prefix{info(g).prefix};
    std::string const p = std::to_string(pos);
    switch (kind)
    {
    case mutation_kind::substitution:
    case mutation_kind::mixture:
        return prefix + ref + p + aa.to_string();
    case mutation_kind::deletion:
        return prefix + ref + p + "del";
    case mutation_kind::insertion:
        return prefix + p + "_" + std::to_string(pos + 1) + "ins" + inserted;
    case mutation_kind::frameshift:
        return prefix + ref + p + "fs";
    }
    return prefix + p;
}

} // namespace hbvdr
