#include "progress.hpp"

#include <unistd.h>

#include <hbvdr/core/text.hpp>

namespace hbvdr::detail
{

bool stderr_is_terminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

progress_reporter::progress_reporter(std::ostream & log,
                                     bool const quiet,
                                     bool const terminal,
                                     std::uint64_t const total_bytes) :
    m_log{log},
    m_quiet{quiet}, m_terminal{terminal}, m_total{total_bytes}, m_start{std::chrono::steady_clock::now()}, m_last{
                                                                                                               m_start}
{}

void progress_reporter::update(std::uint64_t const samples, std::uint64_t const bytes)
{
    if (m_quiet)
        return;
    auto const now = std::chrono::steady_clock::now();
    auto const since = now - m_last;
    if (since < (m_terminal ? std::chrono::milliseconds{200} : std::chrono::milliseconds{10000}))
        return;
    m_last = now;
    double const secs = std::chrono::duration<double>(now - m_start).count();
    std::string const rate = format_fixed(secs > 0 ? samples / secs : 0.0, 0);
    auto const elapsed = static_cast<long long>(secs);
    std::string const clock =
        std::to_string(elapsed / 60) + ":" + (elapsed % 60 < 10 ? "0" : "") + std::to_string(elapsed % 60);
    if (m_terminal)
    {
        std::string bar;
        if (m_total > 0)
        {
            double const f = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(m_total));
            int const width = 30;
            int const filled = static_cast<int>(f * width);
            bar = "[" + std::string(static_cast<std::size_t>(filled), '#')
                  + std::string(static_cast<std::size_t>(width - filled), ' ') + "] " + format_fixed(100 * f, 0)
                  + "%  ";
        }
        m_log << "\r\x1b[2Khbvdr: " << bar << samples << " samples  " << rate << "/s  " << clock << std::flush;
        m_drawn = true;
    }
    else
    {
        m_log << "hbvdr: " << samples << " samples done (" << rate << "/s, " << clock << " elapsed"
              << (m_total > 0
                      ? ", " + format_fixed(100.0 * std::min<double>(1.0, static_cast<double>(bytes) / m_total), 0)
                            + "% of the input"
                      : std::string{})
              << ")\n";
    }
}

void progress_reporter::finish()
{
    if (m_drawn)
        m_log << "\r\x1b[2K" << std::flush;
    m_drawn = false;
}

} // namespace hbvdr::detail
