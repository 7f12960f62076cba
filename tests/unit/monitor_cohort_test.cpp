// A cohort file (a timeline TSV with a patient column) split into the patients' timelines.
#include <catch2/catch.hpp>

#include <hbvdr/monitor/cohort.hpp>

#include "monitor_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

std::string cohort_error(std::string const & text)
{
    try
    {
        split_cohort(text, "c.tsv");
    }
    catch (input_error const & e)
    {
        return e.what();
    }
    return "no error";
}

timeline parse_patient(cohort_patient const & p)
{
    std::vector<timeline_line> const lines = p.numbered_lines();
    return parse_timeline_lines(lines, "c.tsv", drug_codes());
}

} // namespace

TEST_CASE("a patient column is recognised in the header only", "[monitor][cohort]")
{
    CHECK(has_patient_column("# comment\n\nPatient\tdate\n"));
    CHECK(has_patient_column("date\t patient \n"));
    CHECK_FALSE(has_patient_column("#patient=P1\ndate\thbv_dna\n"));
    CHECK_FALSE(has_patient_column("date\thbv_dna\npatient\t1\n"));
    CHECK_FALSE(has_patient_column(""));
}

TEST_CASE("a cohort file: patients in order of first row, file line numbers kept", "[monitor][cohort]")
{
    std::string const text = "# two patients\n"
                             "patient\tgenotype\tprior_history\tdate\thbv_dna\tdna_lloq\tevent\tdrug\n"
                             "P2\t\t\t2020-01-01\t1e6\t20\tstart\tETV\n"
                             "P1\tC\tLAM\t2020-01-01\t1e7\t20\tstart\tTDF\n"
                             "P2\t\t\t2020-04-01\t1e3\n"
                             "P1\tc\t\t2020-04-01\t1e4\n";
    std::vector<cohort_patient> const ps = split_cohort(text, "c.tsv");
    REQUIRE(ps.size() == 2);
    CHECK(ps[0].id == "P2");
    CHECK(ps[0].first_line == 3);
    CHECK(ps[1].id == "P1");
    CHECK(ps[1].error.empty());
    timeline const p1 = parse_patient(ps[1]);
    CHECK(p1.patient == "P1");
    CHECK(p1.genotype == 'C');
    CHECK(p1.prior_history == std::vector<std::string>{"LAM"});
    REQUIRE(p1.rows.size() == 2);
    CHECK(p1.rows[0].line == 4);
    CHECK(p1.rows[1].line == 6);
    CHECK(p1.rows[0].drugs == std::vector<std::string>{"TDF"});
    timeline const p2 = parse_patient(ps[0]);
    CHECK_FALSE(p2.genotype);
    CHECK(p2.rows[1].line == 5);
}

TEST_CASE("a cohort file: a patient's bad row is that patient's error, with the file's line", "[monitor][cohort]")
{
    std::string const text = "patient\tgenotype\tdate\thbv_dna\tdna_lloq\n"
                             "A\t\t2020-01-01\t1e6\t20\n"
                             "B\t\t2020-02-30\t1e6\t20\n"
                             "\t\t2020-01-01\t1e6\t20\n"
                             "C\tD\t2020-01-01\t1e6\t20\n"
                             "C\tB\t2020-02-01\t1e5\n"
                             "D\t\t2020-01-01\t1e6\t20\textra\n";
    std::vector<cohort_patient> const ps = split_cohort(text, "c.tsv");
    REQUIRE(ps.size() == 5);
    CHECK(ps[0].error.empty());
    CHECK(ps[1].error.empty()); // found by the timeline parser:
    CHECK_THROWS_WITH(parse_patient(ps[1]), Catch::Contains("c.tsv:3: unparseable date '2020-02-30'"));
    CHECK(ps[2].id == "unnamed_line4");
    CHECK(ps[2].error == "c.tsv:4: empty patient cell (every row needs the patient's id)");
    CHECK(ps[3].error == "c.tsv:6: genotype 'B' differs from 'D' on line 5 for patient C (one genotype per patient)");
    CHECK(ps[4].error == "c.tsv:7: 6 fields but the header has 5 columns");
}

TEST_CASE("a cohort file: what concerns the whole file is an error naming the line", "[monitor][cohort][errors]")
{
    CHECK(cohort_error("#genotype=D\npatient\tdate\nP\t2020-01-01\n")
          == "c.tsv:1: directive '#genotype=' in a file with a patient column, where it would apply to every patient: "
             "give genotype and prior_history as columns (comment lines start with '# ')");
    CHECK(has(cohort_error("patient\tdate\tfoo\nP\t2020-01-01\n"), "c.tsv:1: unknown column 'foo' in the header"));
    CHECK(cohort_error("patient\tdate\tpatient\n") == "c.tsv:1: column 'patient' appears twice in the header");
    CHECK(cohort_error("patient\thbv_dna\nP\t1\n") == "c.tsv:1: the header has no 'date' column");
    CHECK(cohort_error("patient\tdate\n\n") == "c.tsv: no rows after the header");
    CHECK(has(cohort_error("# only a comment\n"), "c.tsv: no header line"));
}

TEST_CASE("declared_patient reads the #patient= line of a timeline that may not parse", "[monitor][cohort]")
{
    CHECK(declared_patient("# c\n#patient= P7 \ndate\n2020-02-30\n") == "P7");
    CHECK(declared_patient("date\n#patient=late\n").empty());
    CHECK(declared_patient("#patient=\ndate\n").empty());
}
