// Harness: input identification (htslib's sniffing through detect_input_kind) and the FASTA/FASTQ
// reader (SeqAn3 over hbvdr's gzip stream), on the bytes as given and gzip-compressed: both must
// give the same records or the same error.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include <zlib.h>

#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/core/error.hpp>
#include <hbvdr/io/sequence_reader.hpp>
#include <hbvdr/ngs/ngs.hpp>

#include "fuzz_support.hpp"

using namespace hbvdr;

namespace
{

constexpr std::size_t max_records = 10000;

// Every record as "name\tdescription\tsequence\tquality\n", or "error" if reading fails.
std::string read_all(std::string const & path)
{
    std::string out;
    try
    {
        sequence_reader reader{path};
        sequence_record rec;
        for (std::size_t n = 0; n < max_records && reader.next(rec); ++n)
        {
            std::string normalised;
            (void)normalise_sequence(rec.sequence, normalised);
            out += rec.name + "\t" + rec.description + "\t" + rec.sequence + "\t" + rec.quality + "\n";
        }
    }
    catch (hbvdr::error const &)
    {
        out += "error\n";
    }
    return out;
}

void write_gzip(std::string const & path, std::string_view const text)
{
    gzFile f = ::gzopen(path.c_str(), "wb1");
    if (f == nullptr || (!text.empty() && ::gzwrite(f, text.data(), static_cast<unsigned>(text.size())) <= 0)
        || ::gzclose(f) != Z_OK)
    {
        std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    static bool const prepared = (ngs_prepare_htslib(), true);
    (void)prepared;
    fuzz::clear_scratch();
    std::string_view const text = fuzz::as_text(data, size);
    std::string const plain = (fuzz::scratch_dir() / "input").string();
    std::string const packed = (fuzz::scratch_dir() / "input.gz").string();
    fuzz::write_file(plain, text);
    write_gzip(packed, text);
    try
    {
        input_kind const k1 = detect_input_kind(plain);
        input_kind const k2 = detect_input_kind(packed);
        (void)k1;
        (void)k2;
    }
    catch (hbvdr::error const &)
    {}
    std::string const a = read_all(plain);
    std::string const b = read_all(packed);
    bool const gzip_input = size >= 2 && data[0] == 0x1f && data[1] == 0x8b; // compressed twice: not comparable
    if (!gzip_input && a != b)
    {
        std::fprintf(
            stderr, "fuzz: plain and gzip-compressed input read differently:\n%s---\n%s", a.c_str(), b.c_str());
        std::abort();
    }
    return 0;
}
