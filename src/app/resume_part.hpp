#pragma once

// Private to src/app: what one sample contributes to every output of `hbvdr analyze`, and the
// `--resume` part file that stores it (.hbvdr-resume/<stem>.part).

#include <string>
#include <utility>
#include <vector>

#include <hbvdr/report/model.hpp>

namespace hbvdr
{

//!\brief One sample's piece of every output, as written (also what --resume stores per sample).
struct fragments
{
    std::string summary, calls, mutations, drugs, linkage, consensus, mqc_stats, mqc_table, console, json;
    sample_status status{sample_status::error};
    bool reused{false};             //!< Taken from an earlier --resume run (not stored).
    std::vector<std::string> files; //!< The sample's own files, relative to the output directory (not stored).
};

/*!\brief The part file of a sample: `hbvdr-part<TAB>2<TAB>KEY<TAB>SHA256`, then the status and
 * each text field as its byte length on a line followed by its bytes. SHA256 is that of everything
 * after the first line, so that an edited or damaged part is never taken for the sample's result.
 * \param key Identifies the sample's inputs and the run's settings (a part is reused only for the same key).
 */
std::string serialise(fragments const & f, std::string const & key);

enum class part_state
{
    usable,
    other,  //!< Another sample, other settings or another format: redone quietly.
    damaged //!< Ours, but its content does not match its checksum or is malformed: redone with a warning.
};

//!\brief Read a part file: usable only if complete, well-formed, made for `key` and matching its checksum.
std::pair<part_state, fragments> deserialise(std::string const & text, std::string const & key);

} // namespace hbvdr
