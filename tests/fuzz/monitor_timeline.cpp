// Harness: a treatment timeline (`hbvdr monitor` input) through the parser, the classification,
// the gate and every report format, with the bundled monitoring definitions and database.

#include <hbvdr/core/error.hpp>

#include "monitor_common.hpp"

using namespace hbvdr;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    static monitoring_definitions const defs =
        monitoring_definitions::load(fuzz::data_dir() / "monitoring", fuzz::known_drugs());
    try
    {
        fuzz::classify_and_render(
            parse_timeline(fuzz::as_text(data, size), "timeline.tsv", fuzz::known_drugs()), defs, size);
    }
    catch (hbvdr::error const &)
    {}
    return 0;
}
