#pragma once

//!\file
//!\brief `hbvdr db info | validate | list`.

#include <filesystem>
#include <iosfwd>

namespace hbvdr
{

//!\brief Print version, date, sources and counts of a database release (loaded and fully validated).
void db_info(std::filesystem::path const & db_dir, std::filesystem::path const & data_dir, std::ostream & out);

//!\brief Check a release (schema, checksums, references, residues vs the reference panel, drugs,
//! positions); print every problem as file:line. Returns the number of errors (notes not counted).
int db_validate(std::filesystem::path const & db_dir, std::filesystem::path const & data_dir, std::ostream & out);

//!\brief Print drugs, rules, catalogue, HBsAg findings, salvage options and cautions readably.
void db_list(std::filesystem::path const & db_dir, std::filesystem::path const & data_dir, std::ostream & out);

} // namespace hbvdr
