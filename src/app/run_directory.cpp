#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <hbvdr/app/run_directory.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/read_file.hpp>

#include <sys/file.h>

namespace hbvdr
{

namespace
{

constexpr std::string_view manifest_name = ".hbvdr-manifest";
constexpr std::string_view manifest_header = "#hbvdr-manifest\t1\n";
constexpr std::string_view resume_dir_name = ".hbvdr-resume";

bool is_plain_name(std::string_view const n) noexcept
{
    return !n.empty() && n.front() != '.'
           && n.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-")
                  == std::string_view::npos;
}

// The lines of a manifest (without its header and comment lines).
std::vector<std::string_view> manifest_lines(std::string_view const text)
{
    std::vector<std::string_view> out;
    for (std::string_view const line : split(text, '\n'))
        if (!line.empty() && line.front() != '#')
            out.push_back(line);
    return out;
}

} // namespace

bool is_run_file_name(std::string_view rel) noexcept
{
    if (rel.starts_with("reports/"))
        rel.remove_prefix(8);
    return is_plain_name(rel);
}

run_directory::run_directory(std::filesystem::path dir, bool const resume) : m_dir{std::move(dir)}, m_resume{resume}
{
    std::error_code ec;
    std::filesystem::create_directories(m_dir, ec);
    if (ec || !std::filesystem::is_directory(m_dir))
        throw output_error{m_dir.string() + ": cannot create the output directory" + (ec ? ": " + ec.message() : "")};
    std::filesystem::path const lock = m_dir / ".hbvdr-lock";
    m_lock_fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_lock_fd < 0)
        throw output_error{lock.string() + ": cannot be created: " + std::strerror(errno)};
    if (::flock(m_lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
        int const err = errno;
        ::close(m_lock_fd);
        m_lock_fd = -1;
        if (err == EWOULDBLOCK)
            throw output_error{m_dir.string() + ": another hbvdr run is writing into this directory (it holds "
                               + lock.filename().string()
                               + "); wait for it to finish, or give another output directory"};
        throw output_error{lock.string() + ": cannot be locked: " + std::strerror(err)};
    }
    // No other run writes here now: temporary files are what killed runs left.
    for (std::filesystem::path const & sub : {m_dir, m_dir / "reports", m_dir / resume_dir_name})
        for (auto it = std::filesystem::directory_iterator{sub, ec}; !ec && it != std::filesystem::directory_iterator{};
             it.increment(ec))
            if (is_temp_name(it->path().filename().string()))
            {
                std::error_code ignored;
                std::filesystem::remove(it->path(), ignored);
            }
    if (m_resume)
        create_subdirectory(std::string{resume_dir_name});
    m_manifest.emplace(m_dir / manifest_name);
    m_manifest->write(manifest_header);
}

run_directory::~run_directory()
{
    if (!m_committed)
    {
        m_files.clear(); // their destructors remove the temporaries
        m_manifest.reset();
        remove_own_temporaries();
        for (auto it = m_created.rbegin(); it != m_created.rend(); ++it)
        {
            std::error_code ec;
            if (std::filesystem::is_empty(*it, ec) && !ec)
                std::filesystem::remove(*it, ec);
        }
    }
    if (m_lock_fd >= 0)
        ::close(m_lock_fd); // releases the lock
}

void run_directory::remove_own_temporaries() noexcept
{
    std::string const own = temp_path_for("x").filename().string().substr(2); // ".tmp-PID"
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator{m_dir / "reports", ec};
         !ec && it != std::filesystem::directory_iterator{};
         it.increment(ec))
        if (std::string const n = it->path().filename().string(); n.ends_with(own) && is_temp_name(n))
        {
            std::error_code ignored;
            std::filesystem::remove(it->path(), ignored);
        }
}

void run_directory::create_subdirectory(std::string const & name)
{
    std::filesystem::path const d = m_dir / name;
    std::error_code ec;
    bool const created = std::filesystem::create_directory(d, ec);
    if (ec || !std::filesystem::is_directory(d))
        throw output_error{d.string() + ": cannot be created" + (ec ? ": " + ec.message() : "")};
    if (created)
        m_created.push_back(d);
}

atomic_output_file & run_directory::open(std::string const & rel)
{
    auto & f = m_files[rel];
    f = std::make_unique<atomic_output_file>(m_dir / rel);
    return *f;
}

void run_directory::write(std::string const & rel, std::string_view const data)
{
    open(rel).write(data);
}

std::filesystem::path run_directory::staged(std::string const & rel) const
{
    if (m_resume)
        return m_dir / resume_dir_name / std::filesystem::path{rel}.filename();
    return temp_path_for(m_dir / rel);
}

void run_directory::write_sample_file(std::string const & rel, std::string_view const data) const
{
    if (m_resume)
        write_file_atomically(staged(rel), data);
    else
        write_file_unpublished(m_dir / rel, data);
}

bool run_directory::has_sample_file(std::string const & rel) const
{
    std::error_code ec;
    return m_resume && std::filesystem::is_regular_file(staged(rel), ec);
}

void run_directory::add(std::string const & rel)
{
    m_manifest->write(rel + "\n");
}

std::vector<std::string> run_directory::commit()
{
    for (auto & [rel, f] : m_files)
    {
        f->close();
        m_manifest->write(rel + "\n");
    }
    m_manifest->close();
    std::optional<std::string> const text = read_whole_file(temp_path_for(m_dir / manifest_name));
    if (!text)
        throw output_error{(m_dir / manifest_name).string() + ": cannot be read back"};
    std::vector<std::string_view> now = manifest_lines(*text);

    // Nothing is renamed unless everything can be.
    for (std::string_view const rel : now)
    {
        std::error_code ec;
        if (std::filesystem::is_directory(m_dir / rel, ec))
            throw output_error{(m_dir / rel).string()
                               + ": cannot be written: a directory of that name is in the way (move it away)"};
    }
    for (std::string_view const rel : now)
    {
        std::string const r{rel};
        if (auto const it = m_files.find(r); it != m_files.end())
            it->second->publish();
        else if (!m_resume)
            publish_file(m_dir / r);
        else
        {
            // Linked, not moved: the sample's files stay with its part for the next --resume.
            std::filesystem::path const temp = temp_path_for(m_dir / r);
            std::error_code ec;
            std::filesystem::create_hard_link(staged(r), temp, ec);
            if (ec)
                std::filesystem::copy_file(staged(r), temp, std::filesystem::copy_options::overwrite_existing, ec);
            if (ec)
                throw output_error{(m_dir / r).string() + ": cannot be put in place: " + ec.message()};
            publish_file(m_dir / r);
        }
    }

    // The previous run's files that this run does not produce; only names hbvdr writes.
    std::vector<std::string> warnings;
    if (std::optional<std::string> const old = read_whole_file(m_dir / manifest_name))
    {
        std::sort(now.begin(), now.end());
        for (std::string_view const rel : manifest_lines(*old))
        {
            if (std::binary_search(now.begin(), now.end(), rel))
                continue;
            if (!is_run_file_name(rel))
            {
                warnings.push_back((m_dir / manifest_name).string() + ": '" + std::string{rel}
                                   + "' is not a file hbvdr writes: left alone");
                continue;
            }
            std::error_code ec;
            std::filesystem::remove(m_dir / rel, ec);
        }
    }
    m_manifest->publish();
    m_committed = true;
    return warnings;
}

} // namespace hbvdr
