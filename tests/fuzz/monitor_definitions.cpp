// Harness: the monitoring definitions (data/monitoring/). The input is a bundle
// (fuzz_support.hpp) of definitions.tsv, sources.tsv, messages.tsv and SHA256SUMS: the three
// tables are parsed directly (no checksum; the bundled messages.tsv when the input has none), and
// (for one input in four) the directory is loaded as given (SHA256SUMS checked). Definitions
// that parse then classify a fixed timeline and render its reports.

#include <hbvdr/core/error.hpp>
#include <hbvdr/io/read_file.hpp>

#include "monitor_common.hpp"

using namespace hbvdr;

namespace
{

// Two regimens with a breakthrough, a switch, ALT and HBeAg: most definitions are consulted.
constexpr std::string_view fixed_timeline = "#patient=P\n#genotype=D\n"
                                            "date\thbv_dna\tdna_lloq\talt\talt_uln\thbeag\tevent\tdrug\n"
                                            "2019-12-30\t2e7\t20\t85\t40\tpositive\t\t\n"
                                            "2020-01-06\t\t\t\t\t\tstart\tLAM\n"
                                            "2020-03-30\t2000\t\t45\t40\t\t\t\n"
                                            "2020-06-22\t<20\t\t30\t40\t\t\t\n"
                                            "2021-05-10\t5000\t\t120\t40\tpositive\t\t\n"
                                            "2021-06-07\t40000\t\t150\t40\t\t\t\n"
                                            "2021-06-14\t\t\t\t\t\tswitch\tTDF\n"
                                            "2021-09-13\tundetectable\t\t35\t40\tnegative\t\t\n"
                                            "2022-03-14\tdetected<20\t\t30\t40\t\t\t\n";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    static timeline const patient = parse_timeline(fixed_timeline, "fixed.tsv", fuzz::known_drugs());
    std::vector<fuzz::bundle_part> const parts = fuzz::split_bundle(fuzz::as_text(data, size));
    static std::string const bundled_messages =
        read_whole_file(fuzz::data_dir() / "monitoring" / "messages.tsv").value_or(std::string{});
    std::string_view defs_text, sources_text, messages_text = bundled_messages;
    for (fuzz::bundle_part const & p : parts)
    {
        if (p.name == "definitions.tsv")
            defs_text = p.body;
        else if (p.name == "sources.tsv")
            sources_text = p.body;
        else if (p.name == "messages.tsv")
            messages_text = p.body;
    }
    try
    {
        monitoring_definitions defs = monitoring_definitions::parse(
            defs_text, sources_text, "definitions.tsv", "sources.tsv", fuzz::known_drugs());
        defs.parse_messages(messages_text, "messages.tsv");
        fuzz::classify_and_render(patient, defs, size);
    }
    catch (hbvdr::error const &)
    {}
    if (size % 4 != 0) // the directory load adds only the SHA256SUMS check: one input in four
        return 0;
    fuzz::clear_scratch();
    fuzz::write_bundle(parts, fuzz::scratch_dir() / "monitoring");
    try
    {
        (void)monitoring_definitions::load(fuzz::scratch_dir() / "monitoring", fuzz::known_drugs());
    }
    catch (hbvdr::error const &)
    {}
    return 0;
}
