// Harness: the readers of an earlier run's results.json: `hbvdr monitor --results` (the genotypic
// result of a sample), `hbvdr aggregate` (header and sample lines, the run index rebuilt from
// them) and the index row of a resumed sample.

#include <algorithm>
#include <sstream>

#include <hbvdr/app/aggregate.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/monitor/genotypic.hpp>
#include <hbvdr/report/html_report.hpp>

#include "fuzz_support.hpp"
#include <nlohmann/json.hpp>

using namespace hbvdr;
namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    std::string const text{fuzz::as_text(data, size)};
    fuzz::clear_scratch();
    fs::path const run = fuzz::scratch_dir() / "run";
    fs::create_directories(run);
    fuzz::write_file(run / "results.json", text);

    // monitor --results: the first sample named in the file, else one that is not there.
    std::string name = "no-such-sample";
    if (nlohmann::json const j = nlohmann::json::parse(text, nullptr, false);
        j.is_object() && j.contains("samples") && j["samples"].is_array() && !j["samples"].empty()
        && j["samples"][0].is_object() && j["samples"][0].contains("sample") && j["samples"][0]["sample"].is_string())
        name = j["samples"][0]["sample"].get<std::string>();
    try
    {
        (void)genotypic_from_results(run, "run", name);
    }
    catch (hbvdr::error const &)
    {}

    // aggregate, which rebuilds index.html from the sample lines (index_row_from_json, as for a
    // resumed sample).
    fuzz::write_file(run / "summary.tsv", "sample\tstatus\n");
    fuzz::write_file(run / "index.html", "");
    try
    {
        std::ostringstream log;
        aggregate_runs({run}, fuzz::scratch_dir() / "merged", log);
    }
    catch (hbvdr::error const &)
    {}
    return 0;
}
