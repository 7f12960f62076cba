#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <hbvdr/core/error.hpp>
#include <hbvdr/io/atomic_file.hpp>

namespace hbvdr
{

std::filesystem::path temp_path_for(std::filesystem::path const & final_path)
{
    return final_path.parent_path() / ("." + final_path.filename().string() + ".tmp-" + std::to_string(::getpid()));
}

bool is_temp_name(std::string_view const name) noexcept
{
    std::size_t const at = name.rfind(".tmp-");
    return name.size() > 1 && name.front() == '.' && at != std::string_view::npos && at > 1 && at + 5 < name.size()
           && name.find_first_not_of("0123456789", at + 5) == std::string_view::npos;
}

atomic_output_file::atomic_output_file(std::filesystem::path final_path) :
    m_final{std::move(final_path)}, m_temp{temp_path_for(m_final)}
{
    m_file = std::fopen(m_temp.c_str(), "wb");
    if (m_file == nullptr)
        throw output_error{m_final.string() + ": cannot be created: " + std::strerror(errno)};
    std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);
}

atomic_output_file::~atomic_output_file()
{
    if (m_file != nullptr)
        std::fclose(m_file);
    if (m_file != nullptr || m_closed)
    {
        std::error_code ec;
        std::filesystem::remove(m_temp, ec);
    }
}

void atomic_output_file::write(std::string_view const data)
{
    if (data.empty())
        return;
    if (std::fwrite(data.data(), 1, data.size(), m_file) != data.size())
        throw output_error{m_final.string() + ": write failed: " + std::strerror(errno)};
}

void atomic_output_file::close()
{
    if (m_file == nullptr)
        return;
    bool const ok = std::fflush(m_file) == 0 && ::fsync(::fileno(m_file)) == 0;
    int const err = errno;
    bool const closed = std::fclose(m_file) == 0;
    m_file = nullptr;
    if (!ok || !closed)
    {
        std::error_code ec;
        std::filesystem::remove(m_temp, ec);
        throw output_error{m_final.string() + ": write failed: " + std::strerror(err)};
    }
    m_closed = true;
}

void atomic_output_file::publish()
{
    if (!m_closed)
        return;
    m_closed = false;
    try
    {
        publish_file(m_final, m_temp);
    }
    catch (output_error const &)
    {
        std::error_code ec;
        std::filesystem::remove(m_temp, ec);
        throw;
    }
}

void atomic_output_file::commit()
{
    close();
    publish();
}

void atomic_output_file::release() noexcept
{
    m_closed = false;
}

void write_file_atomically(std::filesystem::path const & path, std::string_view const data)
{
    atomic_output_file f{path};
    f.write(data);
    f.commit();
}

void write_file_unpublished(std::filesystem::path const & path, std::string_view const data)
{
    atomic_output_file f{path};
    f.write(data);
    f.close();
    f.release();
}

void publish_file(std::filesystem::path const & path, std::filesystem::path const & from)
{
    std::filesystem::path const temp = from.empty() ? temp_path_for(path) : from;
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec)
        throw output_error{path.string() + ": cannot rename the finished file into place: " + ec.message()};
    // rename() does nothing when both names are links to the same file (a --resume run links a
    // reused report from its part again): the temporary name is then still there.
    std::filesystem::remove(temp, ec);
}

} // namespace hbvdr
