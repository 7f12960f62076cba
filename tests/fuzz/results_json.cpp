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

namespace
{

bool is_object_with(nlohmann::json const & j, char const * key)
{
    return j.is_object() && j.contains(key);
}

/* Issue 12 item 4 (fixed elsewhere): index_row_from_json reads fields with nlohmann's const
 * operator[] and value() without checking them (undefined behaviour for a missing key, an
 * uncaught type_error for a wrong type). A sample object is passed on only if every field it
 * reads that way is there with the right type. */
bool unchecked_fields_missing(std::string_view const line)
{
    nlohmann::json const j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("sample") || !j.contains("status"))
        return false; // refused cleanly
    if (j.contains("record") && !j["record"].is_number_unsigned())
        return true;
    if (!j.contains("genotype"))
        return false;
    nlohmann::json const & g = j["genotype"];
    if (!g.is_object() || (g.contains("distance") && !g["distance"].is_number()) || !is_object_with(j, "qc")
        || !is_object_with(j["qc"], "metrics") || !j["qc"]["metrics"].is_object())
        return true;
    for (char const * k : {"rt_first", "rt_last"})
        if (j["qc"]["metrics"].contains(k) && !j["qc"]["metrics"][k].is_number_integer())
            return true;
    if (!j.contains("interpretation"))
        return false;
    if (!is_object_with(j["interpretation"], "drugs") || !j["interpretation"]["drugs"].is_array())
        return true;
    for (nlohmann::json const & d : j["interpretation"]["drugs"])
    {
        if (!is_object_with(d, "mutations") || !d["mutations"].is_array())
            return true;
        for (nlohmann::json const & m : d["mutations"])
            if (!m.is_object())
                return true;
    }
    return false;
}

// The same for the run header that `hbvdr aggregate` reads (tool.version, mutation_db.*).
bool unchecked_header(std::string const & text)
{
    std::size_t const p = text.find("\"samples\": [\n");
    if (p == std::string::npos)
        return false;
    nlohmann::json const head = nlohmann::json::parse(text.substr(0, p + 13) + "]}", nullptr, false);
    if (head.is_discarded())
        return false; // refused cleanly
    if (!head.is_object() || !is_object_with(head, "tool") || !head["tool"].is_object()
        || (head["tool"].contains("version") && !head["tool"]["version"].is_string()))
        return true;
    if (!head.contains("mutation_db"))
        return false;
    nlohmann::json const & db = head["mutation_db"];
    if (!db.is_object())
        return true;
    for (char const * k : {"name", "version", "release_date"})
        if (db.contains(k) && !db[k].is_string())
            return true;
    return false;
}

// Every line of the text without a trailing comma: the sample lines `hbvdr aggregate` cuts out
// of the "samples" array are among them.
std::vector<std::string> candidate_lines(std::string const & text)
{
    std::vector<std::string> out;
    std::istringstream lines{text};
    for (std::string line; std::getline(lines, line);)
    {
        if (!line.empty() && line.back() == ',')
            line.pop_back();
        out.push_back(std::move(line));
    }
    return out;
}

} // namespace

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
    std::vector<std::string> const lines = candidate_lines(text);
    bool const unchecked = std::any_of(lines.begin(), lines.end(), unchecked_fields_missing) || unchecked_header(text);
    if (fuzz::known_issue("12.4 (unchecked results.json fields)", unchecked))
        return 0;
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
