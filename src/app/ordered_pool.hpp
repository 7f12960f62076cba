#pragma once

// Private to app/: runs work items on N threads and hands results to a sink in submission
// order, with a bound on items in flight (memory stays flat however long the input is).

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace hbvdr::detail
{

template <typename in_t, typename out_t>
class ordered_pool
{
public:
    ordered_pool(unsigned const threads,
                 std::function<out_t(in_t &)> work,
                 std::function<void(out_t &)> sink,
                 std::size_t const max_in_flight) :
        m_work{std::move(work)},
        m_sink{std::move(sink)}, m_max{std::max<std::size_t>(max_in_flight, 1)}
    {
        for (unsigned i = 0; i < threads; ++i)
            m_threads.emplace_back(
                [this]
                {
                    worker();
                });
    }

    ~ordered_pool()
    {
        {
            std::lock_guard lock{m_mutex};
            m_closing = true;
        }
        m_task_cv.notify_all();
        for (std::thread & t : m_threads)
            t.join();
    }

    //!\brief Queue an item (blocks while too many are in flight); sinks finished results meanwhile.
    void submit(in_t item)
    {
        if (m_threads.empty())
        {
            out_t out = m_work(item);
            m_sink(out);
            return;
        }
        std::unique_lock lock{m_mutex};
        while (m_next_submit - m_next_sink >= m_max)
            drain(lock, true);
        m_tasks.emplace_back(m_next_submit++, std::move(item));
        lock.unlock();
        m_task_cv.notify_one();
        lock.lock();
        drain(lock, false);
    }

    //!\brief Wait for every queued item and sink it.
    void finish()
    {
        std::unique_lock lock{m_mutex};
        while (m_next_sink < m_next_submit)
            drain(lock, true);
    }

private:
    // Sink ready results in order; if `wait`, block until at least one more is ready.
    void drain(std::unique_lock<std::mutex> & lock, bool const wait)
    {
        if (wait)
            m_done_cv.wait(lock,
                           [this]
                           {
                               return m_error || m_results.count(m_next_sink) > 0;
                           });
        if (m_error)
            std::rethrow_exception(m_error);
        while (true)
        {
            auto it = m_results.find(m_next_sink);
            if (it == m_results.end())
                break;
            out_t out = std::move(it->second);
            m_results.erase(it);
            ++m_next_sink;
            lock.unlock();
            m_sink(out);
            lock.lock();
        }
    }

    void worker()
    {
        while (true)
        {
            std::pair<std::size_t, in_t> task;
            {
                std::unique_lock lock{m_mutex};
                m_task_cv.wait(lock,
                               [this]
                               {
                                   return m_closing || !m_tasks.empty();
                               });
                if (m_tasks.empty())
                    return;
                task = std::move(m_tasks.front());
                m_tasks.pop_front();
            }
            try
            {
                out_t out = m_work(task.second);
                std::lock_guard lock{m_mutex};
                m_results.emplace(task.first, std::move(out));
            }
            catch (...)
            {
                std::lock_guard lock{m_mutex};
                if (!m_error)
                    m_error = std::current_exception();
            }
            m_done_cv.notify_all();
        }
    }

    std::function<out_t(in_t &)> m_work;
    std::function<void(out_t &)> m_sink;
    std::size_t m_max;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_task_cv, m_done_cv;
    std::deque<std::pair<std::size_t, in_t>> m_tasks;
    std::map<std::size_t, out_t> m_results;
    std::size_t m_next_submit{0}, m_next_sink{0};
    bool m_closing{false};
    std::exception_ptr m_error;
};

} // namespace hbvdr::detail
