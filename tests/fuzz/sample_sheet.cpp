// Harness: the sample-sheet reader.

#include <hbvdr/app/sample_sheet.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>

#include "fuzz_support.hpp"

using namespace hbvdr;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    std::string_view const text = fuzz::as_text(data, size);
    fuzz::clear_scratch();
    auto const path = fuzz::scratch_dir() / "sheet.tsv";
    fuzz::write_file(path, text);
    try
    {
        sample_sheet const sheet = read_sample_sheet(path);
        (void)sheet;
    }
    catch (hbvdr::error const &)
    {}
    return 0;
}
