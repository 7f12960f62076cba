#pragma once

//!\file
//!\brief Output files that appear under their final name only when complete.

#include <cstdio>
#include <filesystem>
#include <string_view>

namespace hbvdr
{

/*!\brief Writes to a hidden temporary file beside the target and renames it on commit().
 *
 * An interrupted or failed run leaves no file under the final name (the temporary is removed by
 * the destructor unless committed). Write errors (disk full, …) throw output_error.
 */
class atomic_output_file
{
public:
    explicit atomic_output_file(std::filesystem::path final_path);
    ~atomic_output_file();
    atomic_output_file(atomic_output_file const &) = delete;
    atomic_output_file & operator=(atomic_output_file const &) = delete;

    void write(std::string_view data);
    //!\brief Flush, close and rename to the final name.
    void commit();
    std::filesystem::path const & path() const noexcept
    {
        return m_final;
    }

private:
    std::filesystem::path m_final;
    std::filesystem::path m_temp;
    std::FILE * m_file{nullptr};
};

//!\brief Write a whole file atomically.
void write_file_atomically(std::filesystem::path const & path, std::string_view data);

} // namespace hbvdr
