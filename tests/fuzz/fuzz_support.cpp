#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <unistd.h>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/app/locations.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/reference/reference.hpp>

namespace fs = std::filesystem;

namespace hbvdr::fuzz
{

namespace
{

struct scratch_root
{
    fs::path path;
    scratch_root()
    {
        fs::path base;
        if (char const * env = std::getenv("HBVDR_FUZZ_TMPDIR"); env != nullptr && *env != '\0')
            base = env;
        else if (::access("/dev/shm", W_OK) == 0)
            base = "/dev/shm"; // in memory: millions of inputs should not wear a disk
        else
            base = fs::temp_directory_path();
        path = base / ("hbvdr-fuzz-" + std::to_string(::getpid()));
        std::error_code ec;
        fs::create_directories(path, ec);
        if (ec)
        {
            std::fprintf(stderr, "fuzz: cannot create %s: %s\n", path.c_str(), ec.message().c_str());
            std::abort();
        }
    }
    ~scratch_root()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::map<std::string, std::size_t> & issue_counts()
{
    static std::map<std::string, std::size_t> counts;
    return counts;
}

} // namespace

fs::path const & scratch_dir()
{
    static scratch_root const root;
    return root.path;
}

void clear_scratch()
{
    std::error_code ec;
    for (auto const & e : fs::directory_iterator{scratch_dir(), ec})
        fs::remove_all(e.path(), ec);
}

void write_file(fs::path const & path, std::string_view const text)
{
    std::ofstream out{path, std::ios::binary | std::ios::trunc};
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out)
    {
        std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
}

std::vector<bundle_part> split_bundle(std::string_view const data)
{
    constexpr std::string_view mark = "=== ";
    std::vector<bundle_part> parts;
    std::size_t pos = data.rfind(mark, 0) == 0 ? 0 : data.find(std::string{"\n"} + std::string{mark});
    if (pos != std::string_view::npos && data[pos] == '\n')
        ++pos;
    while (pos != std::string_view::npos)
    {
        std::size_t const name_end = std::min(data.find('\n', pos), data.size());
        std::string_view const raw = data.substr(pos + mark.size(), name_end - pos - mark.size());
        std::size_t const body_start = std::min(name_end + 1, data.size());
        std::size_t next = data.find(std::string{"\n"} + std::string{mark}, name_end);
        std::size_t const body_end = next == std::string_view::npos ? data.size() : next + 1;
        bundle_part p;
        for (char const c : raw)
        {
            bool const ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
                            || c == '_' || c == '-';
            if (ok && !(c == '.' && p.name.empty()) && p.name.size() < 64)
                p.name.push_back(c);
        }
        p.body = data.substr(body_start, body_end > body_start ? body_end - body_start : 0);
        if (!p.name.empty())
            parts.push_back(std::move(p));
        pos = next == std::string_view::npos ? next : next + 1;
    }
    return parts;
}

void write_bundle(std::vector<bundle_part> const & parts, fs::path const & dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    for (bundle_part const & p : parts)
        write_file(dir / p.name, p.body);
}

fs::path data_dir()
{
    return HBVDR_SOURCE_DATA_DIR;
}

reference_set const & refs()
{
    static reference_set const set = reference_set::load(data_dir());
    return set;
}

aligner const & default_aligner()
{
    static aligner const a{refs()};
    return a;
}

mutation_db const & db()
{
    static mutation_db const d = mutation_db::load(resolve_db_dir(fs::path{HBVDR_SOURCE_DB_DIR}), &refs());
    return d;
}

std::vector<std::string> const & known_drugs()
{
    static std::vector<std::string> const codes = []
    {
        std::vector<std::string> out;
        for (db_drug const & d : db().drugs())
            out.push_back(d.code);
        return out;
    }();
    return codes;
}

bool known_issue(char const * const id, bool const condition) noexcept
{
#ifdef HBVDR_FUZZ_NO_KNOWN_ISSUES
    (void)id;
    (void)condition;
    return false;
#else
    if (condition)
        ++issue_counts()[id];
    return condition;
#endif
}

std::vector<std::pair<std::string, std::size_t>> known_issue_counts()
{
    return {issue_counts().begin(), issue_counts().end()};
}

} // namespace hbvdr::fuzz
