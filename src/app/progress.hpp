#pragma once

// Private to app/: progress on stderr for long runs. A bar on a terminal (redrawn at most 5 times
// a second), a plain line every 10 s otherwise, nothing when quiet.

#include <chrono>
#include <cstdint>
#include <ostream>

namespace hbvdr::detail
{

class progress_reporter
{
public:
    progress_reporter(std::ostream & log, bool quiet, bool terminal, std::uint64_t total_bytes);
    //!\brief Report `samples` done and `bytes` of input consumed (0 total = unknown size).
    void update(std::uint64_t samples, std::uint64_t bytes);
    //!\brief Clear the bar (before the closing summary line).
    void finish();

private:
    std::ostream & m_log;
    bool m_quiet, m_terminal;
    std::uint64_t m_total;
    std::chrono::steady_clock::time_point m_start, m_last;
    bool m_drawn{false};
};

//!\brief True if standard error is a terminal.
bool stderr_is_terminal();

} // namespace hbvdr::detail
