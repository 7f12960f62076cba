#pragma once

//!\file
//!\brief Output files that appear under their final name only when complete.

#include <cstdio>
#include <filesystem>
#include <string_view>

namespace hbvdr
{

/*!\brief Writes to a hidden temporary file beside the target (temp_path_for()) and renames it on
 * commit(), or in two steps: close() when written, publish() when every file of a run is.
 *
 * An interrupted or failed run leaves no file under the final name (the temporary is removed by
 * the destructor unless published). Write errors (disk full, …) throw output_error.
 */
class atomic_output_file
{
public:
    explicit atomic_output_file(std::filesystem::path final_path);
    ~atomic_output_file();
    atomic_output_file(atomic_output_file const &) = delete;
    atomic_output_file & operator=(atomic_output_file const &) = delete;

    void write(std::string_view data);
    //!\brief Flush, sync and close: the file is complete under its temporary name.
    void close();
    //!\brief Rename the closed file to its final name.
    void publish();
    //!\brief close() and publish().
    void commit();
    //!\brief Leave the closed temporary file in place for publish_file() (the destructor keeps it).
    void release() noexcept;
    std::filesystem::path const & path() const noexcept
    {
        return m_final;
    }

private:
    std::filesystem::path m_final;
    std::filesystem::path m_temp;
    std::FILE * m_file{nullptr};
    bool m_closed{false}; // complete under m_temp, not yet published
};

//!\brief Write a whole file atomically.
void write_file_atomically(std::filesystem::path const & path, std::string_view data);

//!\brief The temporary name beside `final_path` under which this process writes it: `.NAME.tmp-PID`.
std::filesystem::path temp_path_for(std::filesystem::path const & final_path);

//!\brief True for a file name that temp_path_for() makes, by any process.
bool is_temp_name(std::string_view file_name) noexcept;

//!\brief Write `data` completely to temp_path_for(path) and leave it there for publish_file().
void write_file_unpublished(std::filesystem::path const & path, std::string_view data);

//!\brief Rename temp_path_for(path) (or `from`, if given) to `path`; output_error with the reason if it fails.
void publish_file(std::filesystem::path const & path, std::filesystem::path const & from = {});

} // namespace hbvdr
