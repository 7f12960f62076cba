#pragma once

//!\file
//!\brief Private to monitor: name tables of the monitor's enums ({value, code, label} rows) and
//! their lookup, in place of one switch per name.

#include <array>
#include <cstddef>
#include <string_view>

namespace hbvdr::monitor_detail
{

//!\brief One enum value with its machine code ("virological_breakthrough") and its label for people.
template <typename E>
struct enum_name
{
    E value;                //!< The enumerator.
    std::string_view code;  //!< As written in JSON and TSV.
    std::string_view label; //!< As written in sentences ("virological breakthrough").
};

//!\brief The row of `value` in `table`, or nullptr.
template <typename E, std::size_t N>
constexpr enum_name<E> const * find_name(std::array<enum_name<E>, N> const & table, E const value) noexcept
{
    for (enum_name<E> const & row : table)
        if (row.value == value)
            return &row;
    return nullptr;
}

} // namespace hbvdr::monitor_detail
