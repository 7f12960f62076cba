// A run's outputs: atomic files, and the output directory a run owns.
#include <catch2/catch.hpp>

#include <hbvdr/core/error.hpp>
#include <hbvdr/io/atomic_file.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("a failed rename says why (it said 'Success')", "[outputs][errors]")
{
    temp_dir tmp;
    std::filesystem::create_directories(tmp / "target" / "inside");
    CHECK_THROWS_WITH(write_file_atomically(tmp / "target", "x"),
                      Catch::Contains("cannot rename the finished file into place: Is a directory"));
    for (auto const & e : std::filesystem::directory_iterator{tmp.path()})
        CHECK(e.path().filename() == "target"); // the temporary is gone
}

TEST_CASE("a path the file system refuses is an input error, not an internal error", "[outputs][errors][cli]")
{
    temp_dir tmp;
    std::string const long_name = (tmp / (std::string(300, 'x') + ".tsv")).string();
    cli_result const r = run_hbvdr({"monitor", long_name});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::StartsWith("hbvdr: error: "));
    CHECK_THAT(r.err, Catch::Contains("File name too long"));
}
