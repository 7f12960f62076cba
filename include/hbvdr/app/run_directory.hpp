#pragma once

//!\file
//!\brief The output directory of one run (`analyze -o`, `aggregate -o`): locked for the run, every
//! file written under a temporary name and renamed into place only when all of them are complete,
//! and the previous run's files that this run does not produce removed (those its manifest lists).
//!
//! Files hbvdr keeps in the directory for itself: `.hbvdr-lock` (flock()ed while a run writes),
//! `.hbvdr-manifest` (the files the last finished run produced, one relative path per line) and,
//! with --resume, `.hbvdr-resume/`.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <hbvdr/io/atomic_file.hpp>

namespace hbvdr
{

class run_directory
{
public:
    /*!\brief Create `dir` if needed, lock it, and remove what killed runs left: temporary files
     * (is_temp_name()) in it, in reports/ and in .hbvdr-resume/ — nothing else.
     * \param resume Per-sample files are kept in .hbvdr-resume/ until the run is committed (so that
     *               a killed run's finished samples keep their files for --resume).
     * \throws output_error if the directory cannot be created or another run holds its lock.
     */
    explicit run_directory(std::filesystem::path dir, bool resume = false);
    //!\brief Unless committed: remove every temporary file of this run (none of its files appears).
    ~run_directory();
    run_directory(run_directory const &) = delete;
    run_directory & operator=(run_directory const &) = delete;

    std::filesystem::path const & path() const noexcept
    {
        return m_dir;
    }

    //!\brief Create a subdirectory for sample files ("reports"); removed again if the run fails and
    //! leaves it empty.
    void create_subdirectory(std::string const & name);
    //!\brief A file of the run (`rel`: "summary.tsv"), written under a temporary name until commit().
    atomic_output_file & open(std::string const & rel);
    //!\brief A whole file of the run at once (see open()).
    void write(std::string const & rel, std::string_view data);

    /*!\brief Write one sample's file (`rel`: "reports/S1.txt"), complete but not yet in place (with
     * --resume: kept in .hbvdr-resume/, linked into place at commit()). Thread-safe (it changes no
     * state of this object); record it with add() in output order.
     */
    void write_sample_file(std::string const & rel, std::string_view data) const;
    //!\brief With --resume: true if an earlier run kept this sample file in .hbvdr-resume/.
    bool has_sample_file(std::string const & rel) const;
    //!\brief Record a sample file in the run's manifest (in output order; not thread-safe).
    void add(std::string const & rel);

    /*!\brief Finish the run: close every file, check each can take its place (no directory in the
     * way), rename them all into place, remove the files the previous run's manifest lists that
     * this run does not produce, and write this run's manifest.
     * \returns Warnings (manifest entries that are not files hbvdr writes are left alone).
     */
    std::vector<std::string> commit();

private:
    std::filesystem::path staged(std::string const & rel) const;
    void remove_own_temporaries() noexcept;

    std::filesystem::path m_dir;
    bool m_resume{false};
    bool m_committed{false};
    std::vector<std::filesystem::path> m_created; // subdirectories this run created
    int m_lock_fd{-1};
    std::map<std::string, std::unique_ptr<atomic_output_file>> m_files; // run files, by name
    std::optional<atomic_output_file> m_manifest;                       // per-sample files, streamed
};

//!\brief True for a manifest entry hbvdr may write and remove: a file name, or "reports/" and a file
//! name, of the characters of safe file stems ([A-Za-z0-9._~-], no leading '.').
bool is_run_file_name(std::string_view rel) noexcept;

} // namespace hbvdr
