#pragma once

//!\file
//!\brief The readable one-line-per-sample summary `hbvdr analyze` prints on standard output.

#include <string>

#include <hbvdr/report/model.hpp>

namespace hbvdr
{

std::string console_header();
std::string console_line(sample_report const & s);

} // namespace hbvdr
