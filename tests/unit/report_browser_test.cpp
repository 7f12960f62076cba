// Render test: headless Chromium (Debian package `chromium`, installed by scripts/dev/install-deps.sh)
// opens the generated pages from file:// URLs. --dump-dom must give back the parsed document with
// the drug table and the SVG map, and --screenshot must give a PNG of the asked size that is not
// blank and shows the colours of the resistance badge and of the RT coverage bar. Chromium
// missing is a failure that says how to install it, never a silent pass.
// Set HBVDR_CHROMIUM to use another binary.
#include <catch2/catch.hpp>

#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <zlib.h>

#include <hbvdr/report/cohort.hpp>
#include <hbvdr/report/html_report.hpp>

#include "report_samples.hpp"
#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

std::string find_chromium()
{
    if (char const * env = std::getenv("HBVDR_CHROMIUM"); env != nullptr && *env != '\0')
        return env;
    char const * path = std::getenv("PATH");
    std::string const dirs = path != nullptr ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size())
    {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos)
            end = dirs.size();
        std::filesystem::path const dir = dirs.substr(start, end - start);
        for (char const * name : {"chromium", "chromium-browser"})
            if (!dir.empty() && std::filesystem::exists(dir / name))
                return (dir / name).string();
        start = end + 1;
    }
    return {};
}

std::string quote(std::string const & s)
{
    std::string out = "'";
    for (char const c : s)
        out += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
    return out + "'";
}

// Run chromium headless on a page; `what` is "--dump-dom" or "--screenshot=<png>". Returns stdout.
std::string run_chromium(std::string const & chromium,
                         temp_dir const & tmp,
                         std::string const & what,
                         std::filesystem::path const & page,
                         std::string const & window = "1000,2400")
{
    static int run = 0;
    std::filesystem::path const profile = tmp / ("profile" + std::to_string(++run));
    std::filesystem::create_directories(profile);
    // --no-sandbox: the tests run as root in CI, where Chromium refuses its sandbox. The
    // background-networking/sync/component flags keep it from opening connections of its own;
    // the host-resolver rule makes any network fetch fail (the pages must not need one).
    std::string const cmd =
        "timeout 60 " + quote(chromium) + " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
        + " --disable-background-networking --disable-component-update --disable-sync --disable-extensions"
        + " --hide-scrollbars --force-device-scale-factor=1 --host-resolver-rules=" + quote("MAP * ~NOTFOUND")
        + " --user-data-dir=" + quote(profile.string()) + " --window-size=" + window + " " + quote(what) + " "
        + quote("file://" + page.string()) + " >" + quote((tmp / "stdout").string()) + " 2>"
        + quote((tmp / "stderr").string()) + " </dev/null";
    int const status = std::system(cmd.c_str());
    std::string const err = read_text(tmp / "stderr");
    INFO("command: " << cmd << "\nstderr (last 2000 bytes): " << err.substr(err.size() > 2000 ? err.size() - 2000 : 0));
    REQUIRE(status == 0);
    return read_text(tmp / "stdout");
}

struct image
{
    std::uint32_t width{0}, height{0};
    std::vector<std::array<std::uint8_t, 3>> rgb;
};

std::uint32_t be32(std::string const & s, std::size_t const at)
{
    return (std::uint32_t{static_cast<std::uint8_t>(s[at])} << 24)
           | (std::uint32_t{static_cast<std::uint8_t>(s[at + 1])} << 16)
           | (std::uint32_t{static_cast<std::uint8_t>(s[at + 2])} << 8)
           | std::uint32_t{static_cast<std::uint8_t>(s[at + 3])};
}

// A minimal PNG decoder for what Chromium writes: 8-bit RGB or RGBA, not interlaced.
image decode_png(std::string const & png)
{
    image img;
    REQUIRE(png.size() > 33);
    REQUIRE(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    std::string idat;
    int channels = 0;
    for (std::size_t at = 8; at + 12 <= png.size();)
    {
        std::uint32_t const len = be32(png, at);
        std::string const type = png.substr(at + 4, 4);
        REQUIRE(at + 12 + len <= png.size());
        if (type == "IHDR")
        {
            img.width = be32(png, at + 8);
            img.height = be32(png, at + 12);
            int const depth = static_cast<std::uint8_t>(png[at + 16]), colour = static_cast<std::uint8_t>(png[at + 17]);
            int const interlace = static_cast<std::uint8_t>(png[at + 20]);
            REQUIRE(depth == 8);
            REQUIRE((colour == 2 || colour == 6));
            REQUIRE(interlace == 0);
            channels = colour == 6 ? 4 : 3;
        }
        else if (type == "IDAT")
            idat += png.substr(at + 8, len);
        else if (type == "IEND")
            break;
        at += 12 + len;
    }
    REQUIRE(channels > 0);
    std::size_t const stride = static_cast<std::size_t>(img.width) * static_cast<std::size_t>(channels);
    std::vector<std::uint8_t> raw(static_cast<std::size_t>(img.height) * (stride + 1));
    uLongf raw_len = static_cast<uLongf>(raw.size());
    REQUIRE(
        uncompress(raw.data(), &raw_len, reinterpret_cast<Bytef const *>(idat.data()), static_cast<uLong>(idat.size()))
        == Z_OK);
    REQUIRE(raw_len == raw.size());
    std::vector<std::uint8_t> prev(stride, 0), cur(stride);
    img.rgb.reserve(static_cast<std::size_t>(img.width) * img.height);
    for (std::size_t y = 0; y < img.height; ++y)
    {
        std::uint8_t const * row = raw.data() + y * (stride + 1);
        int const filter = row[0];
        REQUIRE(filter <= 4);
        for (std::size_t i = 0; i < stride; ++i)
        {
            int const a = i >= static_cast<std::size_t>(channels) ? cur[i - static_cast<std::size_t>(channels)] : 0;
            int const b = prev[i];
            int const c = i >= static_cast<std::size_t>(channels) ? prev[i - static_cast<std::size_t>(channels)] : 0;
            int predictor = 0;
            switch (filter)
            {
            case 1:
                predictor = a;
                break;
            case 2:
                predictor = b;
                break;
            case 3:
                predictor = (a + b) / 2;
                break;
            case 4:
            {
                int const p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
                predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
                break;
            }
            default:
                break;
            }
            cur[i] = static_cast<std::uint8_t>((row[1 + i] + predictor) & 0xFF);
        }
        for (std::size_t x = 0; x < img.width; ++x)
            img.rgb.push_back({cur[x * static_cast<std::size_t>(channels)],
                               cur[x * static_cast<std::size_t>(channels) + 1],
                               cur[x * static_cast<std::size_t>(channels) + 2]});
        std::swap(prev, cur);
    }
    return img;
}

std::size_t pixels_near(image const & img, int const r, int const g, int const b, int const tolerance = 6)
{
    std::size_t n = 0;
    for (auto const & p : img.rgb)
        n += std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance && std::abs(p[2] - b) <= tolerance;
    return n;
}

} // namespace

TEST_CASE("browser: headless Chromium renders the sample report and the index", "[report][browser]")
{
    std::string const chromium = find_chromium();
    if (chromium.empty())
        FAIL("chromium not found on PATH (set HBVDR_CHROMIUM to a Chromium binary): install it with "
             "scripts/dev/install-deps.sh "
             "or `apt-get install chromium`; the render test does not pass without a browser");

    treatment_context lam;
    lam.history = {"LAM"};
    sample_report const s = report_sample(test_data_dir() / "real" / "real_sequences.fasta", "GQ486790.1", lam);
    sample_report const n = ngs_sample();
    report_options const opts = report_test_options();
    temp_dir tmp;
    write_text(tmp / "GQ486790.1.html", html_report(s, opts));
    write_text(tmp / "ngs.html", html_report(n, opts));
    write_text(tmp / "index.html",
               html_index({make_index_row(s, "GQ486790.1.html"), make_index_row(n, "ngs.html")}, opts));

    SECTION("the parsed DOM holds the drug table, the SVG map and the disclaimer")
    {
        std::string const dom = run_chromium(chromium, tmp, "--dump-dom", tmp / "GQ486790.1.html");
        INFO("DOM (first 500 bytes): " << dom.substr(0, 500));
        CHECK(dom.find("<table id=\"drug-table\"") != std::string::npos);
        CHECK(dom.find("<svg id=\"rt-map\"") != std::string::npos);
        CHECK(dom.find("<span class=\"lv lv-r\">resistant</span>") != std::string::npos);
        CHECK(dom.find("<g id=\"rt-coverage\">") != std::string::npos);
        CHECK(dom.find("Decision support only") != std::string::npos);

        std::string const ngs_dom = run_chromium(chromium, tmp, "--dump-dom", tmp / "ngs.html");
        CHECK(ngs_dom.find("<g id=\"depth\">") != std::string::npos);
        CHECK(ngs_dom.find("<g id=\"minority\">") != std::string::npos);

        std::string const index_dom = run_chromium(chromium, tmp, "--dump-dom", tmp / "index.html");
        CHECK(index_dom.find("<a href=\"GQ486790.1.html\">GQ486790.1</a>") != std::string::npos);
        CHECK(index_dom.find("<table id=\"sample-table\">") != std::string::npos);
    }

    SECTION("the screenshot is a non-blank PNG of the window size with the badge and coverage colours")
    {
        std::filesystem::path const png = tmp / "shot.png";
        run_chromium(chromium, tmp, "--screenshot=" + png.string(), tmp / "GQ486790.1.html", "1000,2400");
        REQUIRE(std::filesystem::exists(png));
        std::string const bytes = read_text(png);
        CHECK(bytes.size() > 20000);
        image const img = decode_png(bytes);
        CHECK(img.width == 1000);
        CHECK(img.height == 2400);
        std::size_t const white = pixels_near(img, 255, 255, 255, 3);
        std::size_t const total = img.rgb.size();
        INFO("non-white pixels: " << total - white << " of " << total);
        CHECK(total - white > total / 50);
        CHECK(pixels_near(img, 0xb3, 0x26, 0x1e) > 300);  // resistant badges (and map markers)
        CHECK(pixels_near(img, 0x4f, 0x7f, 0xb0) > 3000); // RT coverage bar
        CHECK(pixels_near(img, 0xfd, 0xe9, 0xc8) > 300);  // reduced-susceptibility badges
    }
}

TEST_CASE("browser: the run index's Cohort section renders its tables and bar charts", "[report][browser][cohort]")
{
    std::string const chromium = find_chromium();
    if (chromium.empty())
        FAIL("chromium not found on PATH (set HBVDR_CHROMIUM to a Chromium binary): install it with "
             "scripts/dev/install-deps.sh or `apt-get install chromium`");
    treatment_context lam;
    lam.history = {"LAM"};
    std::vector<sample_report> const samples{
        report_sample(test_data_dir() / "real" / "real_sequences.fasta", "GQ486790.1", lam),
        report_sample(test_data_dir() / "real" / "real_sequences.fasta", "KU751711.1"),
        ngs_sample()};
    report_options const opts = report_test_options();
    cohort_counts cohort;
    std::vector<index_row> rows;
    for (sample_report const & s : samples)
    {
        cohort.add(make_cohort_sample(s, 0.2));
        rows.push_back(make_index_row(s, ""));
    }
    cohort_sample error;
    cohort.add(error);
    temp_dir tmp;
    write_text(tmp / "index.html", html_index(rows, opts, &cohort));

    SECTION("the parsed DOM holds the section, its three charts and the counts")
    {
        std::string const dom = run_chromium(chromium, tmp, "--dump-dom", tmp / "index.html");
        std::size_t const at = dom.find("<section id=\"cohort\">");
        REQUIRE(at != std::string::npos);
        CHECK(at < dom.find("<section id=\"samples\">"));
        std::string const section = dom.substr(at, dom.find("</section>", at) - at);
        INFO("cohort section (first 600 bytes): " << section.substr(0, 600));
        CHECK_THAT(section, Catch::Contains("4 samples: 3 analysed (0 NGS), 1 error"));
        for (std::string const id : {"cohort-levels-chart", "cohort-mutations-chart", "cohort-genotypes-chart"})
            CHECK(section.find("<svg id=\"" + id + "\"") != std::string::npos);
        // The hand-built NGS sample (genotype C, not read from reads) carries rtM204V at 8.3 %: counted
        // by its frequency as a minority; LAM is R in GQ486790.1 and in the NGS sample.
        CHECK_THAT(section, Catch::Contains(">rtM204V</th>"));
        CHECK_THAT(section, Catch::Contains("title=\"lamivudine\">LAM</th><td class=\"num\">"));
        CHECK(section.find("<tr><th scope=\"row\">C</th><td class=\"num\">") != std::string::npos);
        CHECK(section.find("<rect") != std::string::npos);
    }

    SECTION("the screenshot shows the level bars in the level colours")
    {
        std::filesystem::path const png = tmp / "index.png";
        run_chromium(chromium, tmp, "--screenshot=" + png.string(), tmp / "index.html", "1000,2200");
        image const img = decode_png(read_text(png));
        REQUIRE(img.width == 1000);
        CHECK(pixels_near(img, 0xb3, 0x26, 0x1e) > 1500); // R bars (and badges)
        CHECK(pixels_near(img, 0x1f, 0x6f, 0x3f) > 1500); // S bars
        CHECK(pixels_near(img, 0x4f, 0x7f, 0xb0) > 1500); // genotype bars
    }
}
