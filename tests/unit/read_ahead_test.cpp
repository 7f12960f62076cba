// Reading alignment records on a second thread: records arrive in input order with the reader's tags, a reader's error
// comes after every record read before it, a processing error stops the reader, and the reader learns when it is ahead.

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "../../src/ngs/read_ahead.hpp"

using read_ahead = hbvdr::ngs_detail::read_ahead<long>;

TEST_CASE("read-ahead hands records over in input order, then the reader's error", "[ngs][threads]")
{
    for (long const n : {0L, 1L, 4095L, 4096L, 4097L, 100'000L})
        for (bool const fail : {false, true})
        {
            INFO(n << " records, reader fails: " << fail);
            read_ahead reader{[n, fail](read_ahead & sink)
                              {
                                  for (long i = 0; i < n; ++i)
                                  {
                                      sink.slot()->core.pos = i;
                                      sink.commit(-i);
                                  }
                                  if (fail)
                                      throw std::runtime_error{"truncated after " + std::to_string(sink.records())};
                              }};
            long seen = 0;
            bool in_order = true;
            auto process = [&](bam1_t const * b, long const tag)
            {
                in_order = in_order && b->core.pos == seen && tag == -seen;
                ++seen;
            };
            if (fail)
                CHECK_THROWS_WITH(reader.for_each(process), "truncated after " + std::to_string(n));
            else
                CHECK_NOTHROW(reader.for_each(process));
            CHECK(seen == n);
            CHECK(in_order);
        }
}

TEST_CASE("read-ahead stops its reader when processing fails", "[ngs][threads]")
{
    long seen = 0;
    auto endless = [](read_ahead & sink)
    {
        for (long i = 0;; ++i)
        {
            sink.slot()->core.pos = i;
            sink.commit(i);
        }
    };
    CHECK_THROWS_AS(
        [&]
        {
            read_ahead reader{endless};
            reader.for_each(
                [&](bam1_t const *, long)
                {
                    if (++seen == 10'000)
                        throw std::logic_error{"processing failed"};
                });
        }(),
        std::logic_error);
    CHECK(seen == 10'000);
}

TEST_CASE("read-ahead tells its reader when it is ahead of the processing", "[ngs][threads]")
{
    // The processor holds on to the first batch until the reader reports time to spare: that
    // happens once two batches wait (never in the first batch, when nothing waits).
    std::mutex m;
    std::condition_variable cv;
    bool ahead = false;
    std::vector<char> spare;
    constexpr long n = 5 * static_cast<long>(read_ahead::batch_size);
    read_ahead reader{[&](read_ahead & sink)
                      {
                          for (long i = 0; i < n; ++i)
                          {
                              sink.slot()->core.pos = i;
                              spare.push_back(sink.spare() ? 1 : 0);
                              if (sink.spare())
                              {
                                  std::lock_guard lock{m};
                                  ahead = true;
                                  cv.notify_one();
                              }
                              sink.commit(i);
                          }
                      }};
    long seen = 0;
    bool told = true;
    reader.for_each(
        [&](bam1_t const *, long)
        {
            if (seen++ == 0)
            {
                std::unique_lock lock{m};
                told = cv.wait_for(lock,
                                   std::chrono::seconds{20},
                                   [&]
                                   {
                                       return ahead;
                                   });
            }
        });
    CHECK(told);
    CHECK(seen == n);
    REQUIRE(spare.size() == static_cast<std::size_t>(n));
    auto const first_batch = spare.begin() + static_cast<long>(read_ahead::batch_size);
    CHECK(std::count(spare.begin(), first_batch, 1) == 0);
    CHECK(std::count(first_batch, spare.end(), 1) > 0);
}
