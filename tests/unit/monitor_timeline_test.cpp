// hbvdr monitor: timeline parsing and bad rows.
#include <catch2/catch.hpp>

#include "monitor_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("timeline: directives, censored values, carried-forward limits and regimen events", "[monitor][timeline]")
{
    timeline const t = fixture("breakthrough_confirmed.tsv");
    CHECK(t.patient == "VBT");
    CHECK(t.source == "breakthrough_confirmed.tsv");
    REQUIRE(t.rows.size() == 7);
    CHECK(t.rows[0].line == 4); // comment, directive and header lines are counted
    CHECK(t.rows[0].hbv_dna->value == 2e7);
    CHECK(t.rows[0].hbeag_positive == std::optional<bool>{true});
    CHECK(t.rows[1].event == regimen_event::start);
    CHECK(t.rows[1].drugs == std::vector<std::string>{"LAM"});
    lab_value const & und = *t.rows[3].hbv_dna;
    CHECK(und.state == lab_state::not_detected);
    CHECK(und.value == 20.0); // dna_lloq carried forward from the first row
    CHECK(und.text() == "undetectable (<20)");
    CHECK(t.rows[3].alt_uln == std::optional<double>{40.0});

    timeline const u = parse("#patient=X\n#genotype=c\n#prior_history=lam,adv\n# a comment=with an equals sign\n"
                             "date\thbv_dna\tdna_lloq\tevent\tdrug\n"
                             "2020-01-01\t<10\t\tstart\ttdf+ftc\n"
                             "2020-02-01\tdetected<15\n"
                             "2020-03-01\tdetected\t12\n"
                             "2020-04-01\t2.5E+03\t\tstop\tall\n");
    CHECK(u.patient == "X");
    CHECK(u.genotype == std::optional<char>{'C'});
    CHECK(u.prior_history == std::vector<std::string>{"LAM", "ADV"});
    CHECK(u.rows[0].drugs == std::vector<std::string>{"TDF", "FTC"});
    CHECK(u.rows[0].hbv_dna->state == lab_state::below_limit);
    CHECK(u.rows[0].hbv_dna->value == 10.0);
    CHECK(u.rows[1].hbv_dna->state == lab_state::detected_below);
    CHECK(u.rows[1].hbv_dna->value == 15.0);
    CHECK(u.rows[2].hbv_dna->value == 12.0);
    CHECK(u.rows[2].hbv_dna->text() == "detected (<12)");
    CHECK(u.rows[3].hbv_dna->value == 2500.0);
    CHECK(u.rows[3].stop_all);
    // A limit given as '<10' is not carried forward: 'detected' alone then needs dna_lloq.
    CHECK(has(error_of("date\thbv_dna\n2020-01-01\t<10\n2020-02-01\tdetected\n"),
              "t.tsv:3: HBV DNA 'detected' needs the assay limit"));
    CHECK(parse("date\tnote\n2020-01-01\tx\n", "dir/p7.tsv").patient == "p7");
}

TEST_CASE("timeline: bad rows are input errors with the file and line", "[monitor][timeline][errors]")
{
    struct bad
    {
        std::string file, where, what;
    };
    for (bad const & b : std::vector<bad>{
             {"bad_date.tsv", "bad_date.tsv:2:", "unparseable date '2020-02-30'"},
             {"bad_negative_load.tsv", "bad_negative_load.tsv:3:", "negative HBV DNA '-50'"},
             {"bad_unknown_drug.tsv", "bad_unknown_drug.tsv:2:", "unknown drug 'XYZ' (known: LAM, LdT, ETV"},
             {"bad_unsorted.tsv",
              "bad_unsorted.tsv:3:",
              "date 2020-01-06 is before the previous row's 2020-03-01 (line 2)"},
             {"bad_undetectable_no_limit.tsv", "bad_undetectable_no_limit.tsv:3:", "needs the assay limit"},
             {"bad_alt_without_uln.tsv", "bad_alt_without_uln.tsv:2:", "ALT needs its upper limit of normal"},
             {"bad_stop_not_taken.tsv", "bad_stop_not_taken.tsv:3:", "stop ETV: it is not being taken (active: TDF)"},
             {"bad_column.tsv", "bad_column.tsv:1:", "unknown column 'viral_load'"}})
    {
        INFO(b.file);
        std::string message;
        try
        {
            fixture(b.file);
        }
        catch (input_error const & e)
        {
            message = e.what();
        }
        CHECK(message.rfind(b.where, 0) == 0);
        CHECK(has(message, b.what));
    }
    std::string const h = "date\thbv_dna\tdna_lloq\talt\talt_uln\thbeag\thbsag\tevent\tdrug\n";
    CHECK(has(error_of(h + "2020-01-01\t0\n"), "t.tsv:2: HBV DNA of 0 is not a measurement"));
    CHECK(has(error_of(h + "2020-01-01\t15,000\n"), "unparseable HBV DNA '15,000'"));
    CHECK(has(error_of(h + "2020-1-5\t100\n"), "unparseable date '2020-1-5'"));
    CHECK(has(error_of(h + "2020-01-01\t\t\t\t\t\t\tbegin\tTDF\n"), "unknown event 'begin'"));
    CHECK(has(error_of(h + "2020-01-01\t\t\t\t\t\t\t\tTDF\n"), "drug 'TDF' without an event"));
    CHECK(has(error_of(h + "2020-01-01\t\t\t\t\t\t\tstart\t\n"), "event 'start' needs the drug column"));
    CHECK(has(error_of(h + "2020-01-01\t\t\t\t\t\t\tstart\tTDF\n2020-02-01\t\t\t\t\t\t\tstart\tTDF\n"),
              "t.tsv:3: start TDF: it is already being taken"));
    CHECK(has(error_of(h + "2020-01-01\t\t\t\t\t\t\tadd\tTDF\n"), "no regimen is active (use start)"));
    CHECK(has(error_of(h + "2020-01-01\t\t\t\t\tmaybe\n"), "hbeag must be positive or negative"));
    CHECK(has(error_of(h + "2020-01-01\t\t\t\t\t\t-3\n"), "negative HBsAg"));
    CHECK(has(error_of(h + "2020-01-01\t\t\t\t0\n"), "alt_uln '0' is not a positive number"));
    CHECK(has(error_of(h + "2020-01-01\n"), "t.tsv:2: the row has a date but no value, event or note"));
    CHECK(has(error_of(h + "2020-01-01\t1\t2\t3\t4\tpositive\t6\tstart\tTDF\textra\tmore\n"),
              "11 fields but the header has 9 columns"));
    CHECK(has(error_of("#genotype=K\n" + h), "t.tsv:1: #genotype must be one letter A-J"));
    CHECK(has(error_of("#prior=LAM\n" + h), "unknown directive '#prior='"));
    CHECK(has(error_of("hbv_dna\talt\n"), "no 'date' column"));
    CHECK(has(error_of(h), "t.tsv: no rows after the header"));
    // Not text, or text with bytes a terminal cannot show: said, not echoed raw.
    std::string utf16{"\xFF\xFE"};
    for (char const c : h)
        utf16 += std::string{c} + '\0';
    CHECK(error_of(utf16)
          == "t.tsv: not a timeline (tab-separated text): UTF-16 text - save it as UTF-8 or ASCII text");
    CHECK(has(error_of(h + "2020-01-01\t\t\t\t\t\t\tstart\tE\xE9V\n"), "unknown drug 'E\\xE9V'"));
    CHECK(parse("\xEF\xBB\xBF" + h + "2020-01-01\t100\n").rows.size() == 1); // a UTF-8 byte-order mark is skipped
    CHECK(has(error_of(""), "t.tsv: no header line"));
}
