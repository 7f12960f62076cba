// Harness: the `--resume` part-file reader. The key is taken from the input's first line, and for
// an input of even size the checksum on that line is replaced by the body's own, so that the
// fuzzer gets past the key and checksum checks to the fields (odd sizes exercise the checks). A part that is accepted
// must hold its fields one after the other, in order, without overlap (each is text the file really has at that place).

#include "../../src/app/resume_part.hpp"

#include <cstdio>
#include <cstdlib>

#include <hbvdr/core/sha256.hpp>

#include "fuzz_support.hpp"

using namespace hbvdr;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    std::string text{fuzz::as_text(data, size)};
    constexpr std::string_view magic = "hbvdr-part\t2\t";
    std::string key = "0123456789abcdef";
    std::size_t first_line = text.find('\n');
    if (text.rfind(magic, 0) == 0)
    {
        std::string_view const head =
            std::string_view{text}.substr(0, first_line == std::string::npos ? text.size() : first_line);
        std::size_t const tab = head.rfind('\t');
        if (tab >= magic.size())
        {
            key = std::string{head.substr(magic.size(), tab - magic.size())};
            if (size % 2 == 0 && first_line != std::string::npos)
            {
                text = std::string{head.substr(0, tab + 1)} + sha256_hex(std::string_view{text}.substr(first_line + 1))
                       + text.substr(first_line);
                first_line = text.find('\n');
            }
        }
    }
    auto const [state, part] = deserialise(text, key);
    if (state != part_state::usable)
        return 0;
    fragments const * const f = &part;
    std::size_t cursor = first_line + 1;
    for (std::string const * s : {&f->summary,
                                  &f->calls,
                                  &f->mutations,
                                  &f->drugs,
                                  &f->linkage,
                                  &f->consensus,
                                  &f->mqc_stats,
                                  &f->mqc_table,
                                  &f->console,
                                  &f->json})
    {
        std::size_t const at = text.find(*s, cursor);
        if (at == std::string::npos)
        {
            std::fprintf(stderr, "fuzz: an accepted part file has overlapping fields\n");
            std::abort();
        }
        cursor = at + s->size();
    }
    std::string const again = serialise(*f, key);
    if (auto const [again_state, again_part] = deserialise(again, key);
        again_state != part_state::usable || again_part.json != f->json)
        std::abort();
    return 0;
}
