#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <hbvdr/core/error.hpp>
#include <hbvdr/io/atomic_file.hpp>

namespace hbvdr
{

atomic_output_file::atomic_output_file(std::filesystem::path final_path) : m_final{std::move(final_path)}
{
    m_temp = m_final.parent_path() / ("." + m_final.filename().string() + ".tmp-" + std::to_string(::getpid()));
    m_file = std::fopen(m_temp.c_str(), "wb");
    if (m_file == nullptr)
        throw output_error{m_final.string() + ": cannot be created: " + std::strerror(errno)};
    std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);
}

atomic_output_file::~atomic_output_file()
{
    if (m_file != nullptr)
    {
        std::fclose(m_file);
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

void atomic_output_file::commit()
{
    if (m_file == nullptr)
        return;
    bool const ok = std::fflush(m_file) == 0 && ::fsync(::fileno(m_file)) == 0;
    int const err = errno;
    bool const closed = std::fclose(m_file) == 0;
    m_file = nullptr;
    std::error_code ec;
    if (!ok || !closed)
    {
        std::filesystem::remove(m_temp, ec);
        throw output_error{m_final.string() + ": write failed: " + std::strerror(err)};
    }
    std::filesystem::rename(m_temp, m_final, ec);
    if (ec)
    {
        std::string const reason = ec.message(); // before remove() overwrites ec ("Success")
        std::filesystem::remove(m_temp, ec);
        throw output_error{m_final.string() + ": cannot rename the finished file into place: " + reason};
    }
}

void write_file_atomically(std::filesystem::path const & path, std::string_view const data)
{
    atomic_output_file f{path};
    f.write(data);
    f.commit();
}

} // namespace hbvdr
