#pragma once

//!\file
//!\brief Typed exceptions of the library. The CLI maps them to exit codes (usage 2, input/data 1).

#include <stdexcept>
#include <string>

namespace hbvdr
{

//!\brief Base of every error hbvdr throws on purpose.
class error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

//!\brief The command line is wrong (exit code 2).
class usage_error : public error
{
public:
    using error::error;
};

//!\brief An input file cannot be read or is malformed as a whole (exit code 1).
class input_error : public error
{
public:
    using error::error;
};

//!\brief Bundled data (reference genomes, mutation database) is missing, corrupt or incompatible (exit code 1).
class data_error : public error
{
public:
    using error::error;
};

//!\brief An output cannot be written (exit code 1).
class output_error : public error
{
public:
    using error::error;
};

} // namespace hbvdr
