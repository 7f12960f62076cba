// A fuzzing driver without a fuzzing engine (plain GCC, optionally ASan+UBSan): runs a harness's
// LLVMFuzzerTestOneInput over files (seed corpora, regression inputs, an AFL++ queue) and then over
// deterministic pseudo-random mutations of them. The test suite's fuzz-smoke tests use it; a
// failure prints how to write the failing input to a file.

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <signal.h>
#include <string>
#include <unistd.h>
#include <vector>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size);

namespace fs = std::filesystem;

namespace
{

struct options
{
    std::size_t runs{0};
    std::uint64_t seed{1};
    std::size_t max_len{64 * 1024};
    unsigned timeout{10};
    long dump{-1};
    std::vector<fs::path> paths;
};

[[noreturn]] void usage(char const * argv0)
{
    std::fprintf(stderr,
                 "usage: %s [--runs N] [--seed S] [--max-len BYTES] [--timeout SECONDS] [--dump K] PATH...\n"
                 "  Runs the harness on every file of PATH (files, or directories: their files, sorted), then on N\n"
                 "  mutants (seeded, deterministic). --dump K writes input K (numbered as reported on failure)\n"
                 "  to ./fuzz-input-K and exits.\n",
                 argv0);
    std::exit(2);
}

options parse(int argc, char ** argv)
{
    options o;
    for (int i = 1; i < argc; ++i)
    {
        std::string const a = argv[i];
        auto value = [&]() -> std::string
        {
            if (i + 1 >= argc)
                usage(argv[0]);
            return argv[++i];
        };
        if (a == "--runs")
            o.runs = std::stoull(value());
        else if (a == "--seed")
            o.seed = std::stoull(value());
        else if (a == "--max-len")
            o.max_len = std::stoull(value());
        else if (a == "--timeout")
            o.timeout = static_cast<unsigned>(std::stoul(value()));
        else if (a == "--dump")
            o.dump = std::stol(value());
        else if (!a.empty() && a.front() == '-')
            usage(argv[0]);
        else
            o.paths.emplace_back(a);
    }
    return o;
}

std::vector<std::string> load_inputs(std::vector<fs::path> const & paths, std::vector<std::string> & names)
{
    std::vector<fs::path> files;
    for (fs::path const & p : paths)
    {
        if (fs::is_directory(p))
        {
            std::vector<fs::path> in_dir;
            for (auto const & e : fs::directory_iterator{p})
                if (e.is_regular_file() && e.path().filename().string().front() != '.')
                    in_dir.push_back(e.path());
            std::sort(in_dir.begin(), in_dir.end());
            files.insert(files.end(), in_dir.begin(), in_dir.end());
        }
        else if (fs::is_regular_file(p))
            files.push_back(p);
        else
        {
            std::fprintf(stderr, "fuzz: %s: no such file or directory\n", p.c_str());
            std::exit(2);
        }
    }
    std::vector<std::string> out;
    for (fs::path const & f : files)
    {
        std::ifstream in{f, std::ios::binary};
        out.emplace_back(std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{});
        names.push_back(f.string());
    }
    return out;
}

// Bytes that matter to hbvdr's formats: separators, record starts, signs, digits.
constexpr std::array<char, 24> interesting{'\0', '\n', '\r', '\t', ' ', '>', '@', '+', ';', '#', '=',    '<',
                                           '-',  '.',  ',',  '"',  '{', '}', '[', ']', '0', '9', '\xff', '\x80'};

std::string mutate(std::vector<std::string> const & seeds, std::mt19937_64 & rng, std::size_t const max_len)
{
    auto pick = [&rng](std::size_t const n)
    {
        return n == 0 ? std::size_t{0} : static_cast<std::size_t>(rng() % n);
    };
    std::string s = seeds[pick(seeds.size())];
    std::size_t const n_mut = 1 + pick(4);
    for (std::size_t m = 0; m < n_mut; ++m)
    {
        std::size_t const at = pick(s.size() + 1);
        switch (pick(9))
        {
        case 0: // flip a bit
            if (!s.empty())
                s[std::min(at, s.size() - 1)] ^= static_cast<char>(1u << pick(8));
            break;
        case 1: // an interesting byte
            if (!s.empty())
                s[std::min(at, s.size() - 1)] = interesting[pick(interesting.size())];
            break;
        case 2: // insert an interesting byte
            s.insert(at, 1, interesting[pick(interesting.size())]);
            break;
        case 3: // delete a range
            s.erase(at, 1 + pick(std::min<std::size_t>(64, s.size() + 1)));
            break;
        case 4: // duplicate a range
            if (!s.empty())
            {
                std::size_t const from = pick(s.size());
                std::string const chunk = s.substr(from, 1 + pick(std::min<std::size_t>(256, s.size() - from)));
                s.insert(at, chunk);
            }
            break;
        case 5: // truncate
            s.resize(at);
            break;
        case 6: // splice in a piece of another seed
        {
            std::string const & o = seeds[pick(seeds.size())];
            if (!o.empty())
            {
                std::size_t const from = pick(o.size());
                s.insert(at, o.substr(from, 1 + pick(std::min<std::size_t>(512, o.size() - from))));
            }
            break;
        }
        case 7: // a random byte
            if (!s.empty())
                s[std::min(at, s.size() - 1)] = static_cast<char>(rng());
            break;
        default: // a long run of one byte (record caps, deep nesting, long lines)
            s.insert(at, 1 + pick(4096), s.empty() ? '(' : s[std::min(at, s.size() - 1)]);
            break;
        }
    }
    if (s.size() > max_len)
        s.resize(max_len);
    return s;
}

// What to say if the harness crashes or hangs (prepared before each input: signal-safe to print).
char failure_note[1024];

extern "C" void on_fatal_signal(int const sig)
{
    char const * const what = sig == SIGALRM ? "fuzz: HANG (timeout) on " : "fuzz: CRASH on ";
    ssize_t ignored = ::write(STDERR_FILENO, what, std::strlen(what));
    ignored = ::write(STDERR_FILENO, failure_note, std::strlen(failure_note));
    (void)ignored;
    std::signal(sig, SIG_DFL);
    if (sig == SIGALRM)
        std::_Exit(70);
    std::raise(sig);
}

void terminate_handler()
{
    std::string what = "unknown";
    if (std::exception_ptr const e = std::current_exception())
    {
        try
        {
            std::rethrow_exception(e);
        }
        catch (std::exception const & x)
        {
            what = x.what();
        }
        catch (...)
        {}
    }
    std::fprintf(stderr, "fuzz: uncaught exception (%s) on %s", what.c_str(), failure_note);
    std::signal(SIGABRT, SIG_DFL);
    std::abort();
}

} // namespace

int main(int argc, char ** argv)
{
    options const o = parse(argc, argv);
    std::vector<std::string> names;
    std::vector<std::string> const seeds = load_inputs(o.paths, names);
    if (seeds.empty() && o.runs > 0)
    {
        std::fprintf(stderr, "fuzz: no seed inputs to mutate\n");
        return 2;
    }
    std::mt19937_64 rng{o.seed};
    std::size_t const total = seeds.size() + o.runs;
    if (o.dump >= 0)
    {
        std::string input;
        for (std::size_t k = 0; k <= static_cast<std::size_t>(o.dump) && k < total; ++k)
            input = k < seeds.size() ? seeds[k] : mutate(seeds, rng, o.max_len);
        std::string const out = "fuzz-input-" + std::to_string(o.dump);
        std::ofstream{out, std::ios::binary} << input;
        std::fprintf(stderr, "fuzz: wrote %s (%zu bytes)\n", out.c_str(), input.size());
        return 0;
    }
    // The handlers run on their own stack, so that a stack overflow is reported too.
    static std::vector<char> alt_stack(1 << 16);
    stack_t ss{};
    ss.ss_sp = alt_stack.data();
    ss.ss_size = alt_stack.size();
    ::sigaltstack(&ss, nullptr);
    for (int const sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM})
    {
        struct sigaction sa;
        std::memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sa.sa_flags = SA_ONSTACK;
        ::sigaction(sig, &sa, nullptr);
    }
    std::set_terminate(terminate_handler);

    auto const t0 = std::chrono::steady_clock::now();
    double slowest = 0;
    for (std::size_t k = 0; k < total; ++k)
    {
        std::string const input = k < seeds.size() ? seeds[k] : mutate(seeds, rng, o.max_len);
        if (k < seeds.size())
            std::snprintf(failure_note, sizeof failure_note, "input %zu (%s)\n", k, names[k].c_str());
        else
            std::snprintf(failure_note,
                          sizeof failure_note,
                          "input %zu (mutant; write it out with: %s --runs %zu --seed %llu --max-len %zu --dump %zu "
                          "<same paths>)\n",
                          k,
                          argv[0],
                          o.runs,
                          static_cast<unsigned long long>(o.seed),
                          o.max_len,
                          k);
        auto const s0 = std::chrono::steady_clock::now();
        ::alarm(o.timeout);
        LLVMFuzzerTestOneInput(reinterpret_cast<std::uint8_t const *>(input.data()), input.size());
        ::alarm(0);
        slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count());
    }
    double const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("fuzz: %zu inputs (%zu files, %zu mutants, seed %llu) in %.2f s, slowest %.3f s: no crash, no hang\n",
                total,
                seeds.size(),
                o.runs,
                static_cast<unsigned long long>(o.seed),
                secs,
                slowest);
    for (auto const & [id, n] : hbvdr::fuzz::known_issue_counts())
        std::printf("fuzz: skipped %zu input(s) that reach known issue %s (owned elsewhere)\n", n, id.c_str());
    return 0;
}
