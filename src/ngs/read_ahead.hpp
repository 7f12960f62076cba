#pragma once

//!\file
//!\brief Reading alignment records on a second thread, a batch at a time, handed over in input order.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <htslib/sam.h>

#include "hts_handles.hpp"

namespace hbvdr::ngs_detail
{

//!\brief Hands each record (and the tag the reader gave it) to a function as soon as it is read,
//! on the calling thread.
template <typename tag_t, typename process_t>
class direct_records
{
public:
    explicit direct_records(process_t & process) : m_process{process}, m_rec{bam_init1()}
    {
        if (!m_rec)
            throw std::bad_alloc{};
    }
    //!\brief The record the reader fills next.
    bam1_t * slot() noexcept
    {
        return m_rec.get();
    }
    //!\brief The slot was filled: process it.
    void commit(tag_t const & tag)
    {
        ++m_records;
        m_process(m_rec.get(), tag);
    }
    //!\brief Records committed so far.
    std::uint64_t records() const noexcept
    {
        return m_records;
    }
    //!\brief Whether the reader has time to spare for work the processor could also do (one thread: yes).
    bool spare() const noexcept
    {
        return true;
    }

private:
    process_t & m_process;
    record_ptr m_rec;
    std::uint64_t m_records{0};
};

//!\brief A reader running on its own thread, filling batches of records that the calling thread
//! processes in the order they were read (so results do not depend on the threads).
//!
//! The reader is a function given this object; it calls `slot()` for the record to fill and
//! `commit(tag)` once filled, with a value it computed from the record (work done on the reader's
//! thread). An exception from the reader (a truncated file) is raised by `for_each` after every
//! record read before it was processed, as reading on one thread would.
template <typename tag_t>
class read_ahead
{
public:
    static constexpr std::size_t batch_size = 4096;
    static constexpr std::size_t max_batches = 4;
    //!\brief The reader is ahead when this many batches wait to be processed.
    static constexpr std::size_t spare_batches = 2;

    template <typename reader_t>
    explicit read_ahead(reader_t reader) :
        m_thread{[this, reader]() mutable
                 {
                     run(reader);
                 }}
    {}

    read_ahead(read_ahead const &) = delete;
    read_ahead & operator=(read_ahead const &) = delete;

    ~read_ahead()
    {
        {
            std::lock_guard lock{m_mutex};
            m_stop = true;
        }
        m_free_cv.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }

    //!\brief Reader side: the record to fill next.
    bam1_t * slot()
    {
        if (!m_current)
            m_current = free_batch();
        batch & b = *m_current;
        if (b.n == b.recs.size())
        {
            b.recs.emplace_back(bam_init1());
            if (!b.recs.back())
                throw std::bad_alloc{};
        }
        return b.recs[b.n].get();
    }

    //!\brief Reader side: the slot was filled.
    void commit(tag_t const & tag)
    {
        ++m_records;
        batch & b = *m_current;
        if (b.n == b.tags.size())
            b.tags.push_back(tag);
        else
            b.tags[b.n] = tag;
        if (++b.n == batch_size)
            hand_over();
    }

    //!\brief Reader side: records committed so far.
    std::uint64_t records() const noexcept
    {
        return m_records;
    }

    /*!\brief Reader side: whether the reader is ahead of the processor (batches wait to be processed),
     * so that work either side can do is best done by the reader. Decided when a batch is started;
     * the two threads then share such work about evenly, whichever side would be slower.
     */
    bool spare() const noexcept
    {
        return m_spare;
    }

    //!\brief Calls `process(bam1_t *, tag)` on every record in input order; then raises the reader's error, if any.
    template <typename process_t>
    void for_each(process_t && process)
    {
        for (;;)
        {
            std::unique_ptr<batch> b;
            {
                std::unique_lock lock{m_mutex};
                m_processor_waits = true;
                m_ready_cv.wait(lock,
                                [this]
                                {
                                    return !m_ready.empty() || m_done;
                                });
                m_processor_waits = false;
                if (m_ready.empty())
                    break;
                b = std::move(m_ready.front());
                m_ready.pop_front();
            }
            for (std::size_t i = 0; i < b->n; ++i)
                process(b->recs[i].get(), b->tags[i]);
            b->n = 0;
            bool wake;
            {
                std::lock_guard lock{m_mutex};
                m_free.push_back(std::move(b));
                wake = m_reader_waits;
            }
            if (wake)
                m_free_cv.notify_one();
        }
        m_thread.join();
        if (m_error)
            std::rethrow_exception(m_error);
    }

private:
    struct batch
    {
        std::vector<record_ptr> recs;
        std::vector<tag_t> tags;
        std::size_t n{0};
    };
    struct stopped
    {};

    template <typename reader_t>
    void run(reader_t & reader)
    {
        std::exception_ptr error;
        try
        {
            reader(*this);
        }
        catch (stopped const &)
        {}
        catch (...)
        {
            error = std::current_exception();
        }
        std::lock_guard lock{m_mutex};
        if (m_current && m_current->n > 0)
            m_ready.push_back(std::move(m_current));
        m_error = error;
        m_done = true;
        m_ready_cv.notify_one();
    }

    std::unique_ptr<batch> free_batch()
    {
        std::unique_lock lock{m_mutex};
        m_reader_waits = true;
        m_free_cv.wait(lock,
                       [this]
                       {
                           return m_stop || !m_free.empty() || m_batches < max_batches;
                       });
        m_reader_waits = false;
        if (m_stop)
            throw stopped{};
        m_spare = m_ready.size() >= spare_batches;
        if (m_free.empty())
        {
            ++m_batches;
            return std::make_unique<batch>();
        }
        std::unique_ptr<batch> b = std::move(m_free.back());
        m_free.pop_back();
        return b;
    }

    void hand_over()
    {
        bool wake;
        {
            std::lock_guard lock{m_mutex};
            m_ready.push_back(std::move(m_current));
            wake = m_processor_waits;
        }
        if (wake)
            m_ready_cv.notify_one();
    }

    std::mutex m_mutex;
    std::condition_variable m_ready_cv, m_free_cv;
    std::deque<std::unique_ptr<batch>> m_ready;
    std::vector<std::unique_ptr<batch>> m_free;
    std::size_t m_batches{0};
    bool m_done{false};
    bool m_stop{false};
    bool m_reader_waits{false}; // waking only a waiting thread saves a system call per batch
    bool m_processor_waits{false};
    std::exception_ptr m_error;
    std::unique_ptr<batch> m_current; // reader side only
    std::uint64_t m_records{0};       // reader side only
    bool m_spare{false};              // reader side only
    std::thread m_thread;             // last: started once every other member is ready
};

} // namespace hbvdr::ngs_detail
