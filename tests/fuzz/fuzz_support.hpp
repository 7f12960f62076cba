#pragma once

//!\file
//!\brief Shared pieces of the fuzz harnesses (tests/fuzz): scratch files, multi-file inputs,
//! the bundled data every harness loads once, and the list of known, owned issues.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define HBVDR_FUZZ_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HBVDR_FUZZ_UNDER_ASAN 1
#endif
#endif
#ifndef HBVDR_FUZZ_UNDER_ASAN
#define HBVDR_FUZZ_UNDER_ASAN 0
#endif

namespace hbvdr
{
class reference_set;
class aligner;
class mutation_db;
} // namespace hbvdr

namespace hbvdr::fuzz
{

//!\brief The fuzzer's bytes as a string view.
inline std::string_view as_text(std::uint8_t const * data, std::size_t size) noexcept
{
    return {reinterpret_cast<char const *>(data), size};
}

/*!\brief This process's scratch directory (under $HBVDR_FUZZ_TMPDIR, else /dev/shm when it is
 * writable, else the system temporary directory), emptied by clear_scratch() before each input
 * and removed at exit.
 */
std::filesystem::path const & scratch_dir();
//!\brief Remove everything in scratch_dir().
void clear_scratch();
//!\brief Write `text` to `path` (binary); aborts if it cannot (the harness is broken, not the input).
void write_file(std::filesystem::path const & path, std::string_view text);

//!\brief One file of a multi-file input.
struct bundle_part
{
    std::string name;      //!< Reduced to [A-Za-z0-9._-] (no leading '.', at most 64 characters).
    std::string_view body; //!< Everything up to the next section line.
};

/*!\brief Split a multi-file input: each file starts with a line `=== NAME` (at the very start or
 * right after a newline); bytes before the first such line are ignored. The newline before a
 * section line belongs to the previous file. Names are sanitised; a part with an empty name is dropped.
 */
std::vector<bundle_part> split_bundle(std::string_view data);
//!\brief Write every part into `dir` (created); later parts of the same name win.
void write_bundle(std::vector<bundle_part> const & parts, std::filesystem::path const & dir);

//!\brief The bundled reference panel (data/), loaded once.
reference_set const & refs();
//!\brief An aligner over refs(), built once.
aligner const & default_aligner();
//!\brief The newest bundled mutation database, loaded and validated once.
mutation_db const & db();
//!\brief Drug codes of db(), in its order.
std::vector<std::string> const & known_drugs();
//!\brief The source tree's data/ directory.
std::filesystem::path data_dir();

/*!\brief True when an input would reach a crash that is already known and owned by another change
 * (`id` names it, e.g. "12.1" for issue 12 item 1); the harness then skips that call. Counted and
 * reported by the standalone driver. Compiled to always-false with -DHBVDR_FUZZ_NO_KNOWN_ISSUES
 * (to check that the owner's fix holds).
 */
bool known_issue(char const * id, bool condition) noexcept;
//!\brief Skips per known-issue id so far (for the standalone driver's report).
std::vector<std::pair<std::string, std::size_t>> known_issue_counts();

} // namespace hbvdr::fuzz
