// The cohort view (cohort.tsv, the index's Cohort section, the MultiQC cohort files) over a
// hand-made batch whose every count is known: wild type, rtM204I, rtL180M+rtM204V, a consensus
// mixture rtM204I/M, a residue native to the sample's genotype, an error record and an NGS sample
// with rtA181T on every read and rtM204I on 10 % of them. The same bytes fresh, at -t 3, resumed
// and aggregated from chunks.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include <hbvdr/core/error.hpp>
#include <hbvdr/report/cohort.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/json_report.hpp>

#include "report_samples.hpp"
#include "run_files.hpp"
#include "test_support.hpp"
#include <nlohmann/json.hpp>

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

// cohort.tsv rows by "section/name/level" -> the other cells by column name.
std::map<std::string, std::map<std::string, std::string>> cohort_rows(std::filesystem::path const & p)
{
    std::istringstream in{read_text(p)};
    std::vector<std::string> header;
    std::map<std::string, std::map<std::string, std::string>> out;
    for (std::string line; std::getline(in, line);)
    {
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (std::size_t q; (q = line.find('\t', start)) != std::string::npos; start = q + 1)
            cells.push_back(line.substr(start, q - start));
        cells.push_back(line.substr(start));
        if (header.empty())
        {
            header = cells;
            continue;
        }
        REQUIRE(cells.size() == header.size());
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < cells.size(); ++i)
            row[header[i]] = cells[i];
        std::string const key = cells[0] + "/" + cells[1] + "/" + cells[2];
        REQUIRE(out.count(key) == 0);
        out[key] = row;
    }
    return out;
}

std::string mutated(char const genotype, std::vector<std::pair<int, std::string>> const & codons)
{
    std::string g = genome(genotype);
    for (auto const & [pos, codon] : codons)
        g = with_rt_codon(g, pos, codon);
    return rt_region(g);
}

// Single-end 150-nt reads starting at every base of genotype D's reference up to past rt344 (depth
// about 150 everywhere in RT), strands alternating. Every read carries rtA181T; reads 0, 20, 40, ...
// (forward) and 11, 31, 51, ... (reverse) carry rtM204I: 10 % of the molecules at rt204.
void write_ngs_sample(std::filesystem::path const & sam)
{
    std::size_t const d = *refs().genotype_reference_index('D');
    reference_genome const & ref = refs().panel()[d];
    std::string const g = ref.sequence;
    std::string const wt181 = g.substr(rt_offset(181), 3), wt204 = g.substr(rt_offset(204), 3);
    REQUIRE(wt181.front() == 'G'); // GCN (A): ACN is T
    REQUIRE(wt204 == "ATG");
    std::string const all = with_rt_codon(g, 181, "A" + wt181.substr(1));
    std::string const minor = with_rt_codon(all, 204, "ATT");
    std::string text =
        "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:" + ref.accession + "\tLN:" + std::to_string(g.size()) + "\n";
    std::size_t const last = rt_offset(344) + 3;
    for (std::size_t i = 0; i < last; ++i)
    {
        std::string const & h = (i % 20 == 0 || i % 20 == 11) ? minor : all;
        text += "r" + std::to_string(i) + "\t" + (i % 2 == 1 ? "16" : "0") + "\t" + ref.accession + "\t"
                + std::to_string(i + 1) + "\t60\t150M\t*\t0\t0\t" + h.substr(i, 150) + "\t" + std::string(150, 'I')
                + "\n";
    }
    write_text(sam, text);
}

struct batch
{
    temp_dir tmp;
    std::vector<std::string> inputs;
    batch()
    {
        std::string fasta;
        for (auto const & [name, seq] : std::vector<std::pair<std::string, std::string>>{
                 {"wt_D", rt_region(genome('D'))},
                 {"M204I_A", mutated('A', {{204, "ATT"}})},
                 {"L180M_M204V_D", mutated('D', {{180, "ATG"}, {204, "GTG"}})},
                 {"mixture_M204IM_B", mutated('B', {{204, "ATK"}})},
                 {"native_S106C_C", mutated('C', {{106, "TGC"}})},
                 {"error_record", "ACGTXX"}})
            fasta += ">" + name + "\n" + seq + "\n";
        write_text(tmp / "in.fa", fasta);
        write_ngs_sample(tmp / "ngs_D.sam");
        inputs = {(tmp / "in.fa").string(), (tmp / "ngs_D.sam").string()};
    }
    int run(std::string const & out, std::vector<std::string> const & extra = {}) const
    {
        std::vector<std::string> a{"analyze"};
        a.insert(a.end(), inputs.begin(), inputs.end());
        a.insert(a.end(), {"-o", (tmp / out).string(), "-q"});
        a.insert(a.end(), extra.begin(), extra.end());
        return run_hbvdr(a).exit_code;
    }
};

} // namespace

TEST_CASE("cohort: counts of a hand-made batch in cohort.tsv, the index and the MultiQC files", "[cohort]")
{
    batch const b;
    REQUIRE(b.run("run") == 3); // the error record
    auto const rows = cohort_rows(b.tmp / "run" / "cohort.tsv");
    auto count = [&](std::string const & key, std::string const & column = "count")
    {
        INFO("row " << key);
        REQUIRE(rows.count(key) == 1);
        return rows.at(key).at(column);
    };

    // Samples: 7 rows, 6 analysed (one NGS), the error record apart.
    CHECK(count("samples/total/") == "7");
    CHECK(count("samples/analysed/") == "6");
    CHECK(count("samples/analysed_ngs/") == "1");
    CHECK(count("samples/error/") == "1");
    CHECK(count("samples/error/", "denominator") == "7");
    // Genotypes of the 6 analysed samples.
    CHECK(count("genotype/A/") == "1");
    CHECK(count("genotype/B/") == "1");
    CHECK(count("genotype/C/") == "1");
    CHECK(count("genotype/D/") == "3");
    CHECK(count("genotype/D/", "denominator") == "6");
    CHECK(count("genotype/D/", "percent") == "50.0");
    // LAM: R for M204I, L180M+M204V, the M204I/M mixture and the NGS sample's A181T; S for wild type
    // and the native residue. ADV: R only for the NGS sample (A181T).
    CHECK(count("drug_level/LAM/S") == "2");
    CHECK(count("drug_level/LAM/I") == "0");
    CHECK(count("drug_level/LAM/R") == "4");
    CHECK(count("drug_level/LAM/insufficient_data") == "0");
    CHECK(count("drug_level/LAM/R", "percent") == "66.7");
    CHECK(count("drug_level/ADV/R") == "1");
    CHECK(count("drug_level/ADV/S") == "5");
    // Mutations: rtM204I in the A sample and the mixture (majority) and at 10 % in the NGS sample
    // (minority); rtM204V and rtL180M once; rtA181T on every read of the NGS sample.
    CHECK(count("mutation/rtM204I/") == "3");
    CHECK(count("mutation/rtM204I/", "majority") == "2");
    CHECK(count("mutation/rtM204I/", "minority") == "1");
    CHECK(count("mutation/rtM204I/", "role") == "primary");
    CHECK(count("mutation/rtM204I/", "drugs") == "LAM;LdT;ETV");
    CHECK(count("mutation/rtM204I/", "percent") == "50.0");
    CHECK(count("mutation/rtM204V/") == "1");
    CHECK(count("mutation/rtL180M/") == "1");
    CHECK(count("mutation/rtL180M/", "role") == "secondary");
    CHECK(count("mutation/rtA181T/") == "1");
    CHECK(count("mutation/rtA181T/", "majority") == "1");
    CHECK(count("mutation/rtA181T/", "minority") == "0");
    // The native residue is a mutation of the genotype reference (mutations.tsv) but no resistance.
    CHECK(read_text(b.tmp / "run" / "mutations.tsv").find("native_S106C_C\tRT\t106\tS\tC\trtS106C")
          != std::string::npos);
    CHECK(rows.count("mutation/rtS106C/") == 0);
    std::size_t mutation_rows = 0;
    for (auto const & [key, row] : rows)
        mutation_rows += key.starts_with("mutation/");
    CHECK(mutation_rows == 4);
    // Sections in order: samples, genotype, drug_level, mutation (by position).
    std::string const tsv = read_text(b.tmp / "run" / "cohort.tsv");
    CHECK(tsv.find("\nsamples\ttotal\t") < tsv.find("\ngenotype\tA\t"));
    CHECK(tsv.find("\ngenotype\tD\t") < tsv.find("\ndrug_level\tLAM\tS\t"));
    CHECK(tsv.find("\nmutation\trtL180M\t") < tsv.find("\nmutation\trtA181T\t"));
    CHECK(tsv.find("\nmutation\trtA181T\t") < tsv.find("\nmutation\trtM204I\t"));
    CHECK(tsv.find("\nmutation\trtM204I\t") < tsv.find("\nmutation\trtM204V\t"));

    SECTION("the index shows the same counts in its Cohort section, before the samples")
    {
        std::string const index = read_text(b.tmp / "run" / "index.html");
        std::size_t const cohort = index.find("<section id=\"cohort\">");
        REQUIRE(cohort != std::string::npos);
        CHECK(cohort < index.find("<section id=\"samples\">"));
        std::string const section = index.substr(cohort, index.find("</section>", cohort) - cohort);
        CHECK_THAT(section, Catch::Contains("7 samples: 6 analysed (1 NGS), 1 error"));
        CHECK_THAT(section,
                   Catch::Contains("<tr><th scope=\"row\" class=\"muts\">rtM204I</th><td>primary</td><td>LAM, LdT, "
                                   "ETV</td><td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">3 <span "
                                   "class=\"note\">(50.0%)</span></td></tr>"));
        CHECK_THAT(section,
                   Catch::Contains("<tr><th scope=\"row\" title=\"lamivudine\">LAM</th><td class=\"num\">4 <span "
                                   "class=\"note\">(66.7%)</span></td>"));
        CHECK_THAT(section,
                   Catch::Contains("<tr><th scope=\"row\">D</th><td class=\"num\">3 <span "
                                   "class=\"note\">(50.0%)</span></td></tr>"));
        CHECK(section.find("rtS106C") == std::string::npos);
        for (std::string const id : {"cohort-levels-chart", "cohort-mutations-chart", "cohort-genotypes-chart"})
            CHECK(section.find("<svg id=\"" + id + "\"") != std::string::npos);
        // The bar of rtM204I: 2 of 6 majority, 1 of 6 minority (520 units = all analysed samples).
        CHECK_THAT(section,
                   Catch::Contains("width=\"173.3\" height=\"16\" fill=\"#b3261e\"><title>rtM204I: 2 majority"));
        CHECK_THAT(section,
                   Catch::Contains("width=\"86.7\" height=\"16\" fill=\"#7b3fa0\"><title>rtM204I: 1 minority"));
        CHECK(section.find("<script") == std::string::npos);
    }

    SECTION("MultiQC gets the same counts")
    {
        std::string const levels = read_text(b.tmp / "run" / "hbvdr_cohort_levels_mqc.tsv");
        CHECK_THAT(levels, Catch::Contains("# plot_type: 'bargraph'"));
        CHECK_THAT(levels, Catch::Contains("\nDrug\tR\tI\tS\tinsufficient_data\nLAM\t4\t0\t2\t0\n"));
        std::string const muts = read_text(b.tmp / "run" / "hbvdr_cohort_mutations_mqc.tsv");
        CHECK_THAT(muts, Catch::Contains("\nrtM204I\tprimary\tLAM;LdT;ETV\t2\t1\t3\t50.0\n"));
        CHECK(read_text(b.tmp / "run" / ".hbvdr-manifest").find("\ncohort.tsv\n") != std::string::npos);
    }

    SECTION("the same bytes at -t 3, resumed, and aggregated from chunks")
    {
        auto const fresh = run_files(b.tmp / "run");
        CHECK(b.run("t3", {"--threads", "3"}) == 3);
        same_files(fresh, run_files(b.tmp / "t3"));
        CHECK(b.run("resumed", {"--resume"}) == 3);
        CHECK(b.run("resumed", {"--resume", "--threads", "2"}) == 3); // every sample read back from its part
        same_files(fresh, run_files(b.tmp / "resumed"));
        CHECK(b.run("c1", {"--records", "1-3"}) == 0);
        CHECK(b.run("c2", {"--records", "4-7"}) == 3);
        cli_result const a =
            run_hbvdr({"aggregate", "-o", (b.tmp / "agg").string(), (b.tmp / "c1").string(), (b.tmp / "c2").string()});
        REQUIRE(a.exit_code == 0);
        same_files(fresh, run_files(b.tmp / "agg"));
        // A chunk's cohort counts its own samples only.
        CHECK(cohort_rows(b.tmp / "c1" / "cohort.tsv").at("samples/total/").at("count") == "3");
    }
}

TEST_CASE("cohort: a sample read back from results.json gives the cohort part of its report", "[cohort]")
{
    treatment_context lam;
    lam.history = {"LAM"};
    sample_report ngs = ngs_sample(); // frequencies on every codon; marked as read from reads here
    ngs.ngs.emplace();
    std::vector<sample_report> samples{
        report_sample(test_data_dir() / "real" / "real_sequences.fasta", "GQ486790.1", lam),
        report_sample(test_data_dir() / "real" / "real_sequences.fasta", "KU751711.1"),
        std::move(ngs),
        analyze_with_db(mutated('B', {{204, "ATK"}, {180, "MTG"}})),
        analyze_with_db("ACGTXX")};
    for (sample_report const & s : samples)
    {
        INFO("sample " << s.name);
        json_fields const f{"results.json"};
        CHECK(cohort_sample_from_json(f.parse(json_sample(s, {})), f, 0.2) == make_cohort_sample(s, 0.2));
    }
    // The NGS sample: rtL180M majority, rtM204V at 8.3 % a minority.
    cohort_sample const n = make_cohort_sample(samples[2], 0.2);
    REQUIRE(n.ngs);
    std::map<std::string, bool> minority;
    for (cohort_carriage const & m : n.mutations)
        minority[m.mutation] = m.minority;
    CHECK(minority == std::map<std::string, bool>{{"rtL180M", false}, {"rtM204V", true}});
    // KU751711.1 (genotype C): rtS106C and rtD134E are native to C and not counted.
    cohort_sample const c = make_cohort_sample(samples[1], 0.2);
    CHECK(c.genotype == "C");
    for (cohort_carriage const & m : c.mutations)
        CHECK((m.mutation != "rtS106C" && m.mutation != "rtD134E"));

    SECTION("a mistyped field is an input error naming it")
    {
        json_fields const f{"run/results.json (sample 1)"};
        nlohmann::json j = f.parse(json_sample(samples[0], {}));
        REQUIRE(!j["interpretation"]["findings"].empty());
        j["interpretation"]["findings"][0]["native"] = "no";
        CHECK_THROWS_WITH(cohort_sample_from_json(j, f, 0.2),
                          Catch::Contains("run/results.json (sample 1)")
                              && Catch::Contains("interpretation.findings[0].native"));
    }
}

TEST_CASE("cohort: counts add up sample by sample, escaped in the index", "[cohort]")
{
    cohort_counts c;
    cohort_sample a;
    a.status = sample_status::ok;
    a.genotype = "<b>";
    a.drugs = {{"LAM", drug_level::R}, {"ETV", drug_level::insufficient_data}};
    a.mutations = {{204, 'I', "rtM204I", "primary", "LAM", false}};
    cohort_sample m = a;
    m.ngs = true;
    m.mutations.front().minority = true;
    c.add(a);
    c.add(m);
    c.add(cohort_sample{});
    CHECK(c.samples == 3);
    CHECK(c.analysed == 2);
    CHECK(c.analysed_ngs == 1);
    CHECK(c.errors == 1);
    REQUIRE(c.levels.size() == 2);
    CHECK(c.levels[0].first == "LAM"); // first-seen order (database order)
    CHECK(c.levels[0].second == std::array<std::size_t, 4>{0, 0, 2, 0});
    CHECK(c.levels[1].second == std::array<std::size_t, 4>{0, 0, 0, 2});
    CHECK(c.mutations.at({204, 'I'}).majority == 1);
    CHECK(c.mutations.at({204, 'I'}).minority == 1);
    std::string const html = html_cohort_section(c, {{"LAM", "lami\"vudine"}});
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("&lt;b&gt;") != std::string::npos);
    CHECK(html.find("title=\"lami&quot;vudine\"") != std::string::npos);
    CHECK(cohort_tsv(c).find("\ngenotype\t<b>\t\t\t\t2\t\t\t2\t100.0\n") != std::string::npos);
    // No sample at all: a header and zero rows, no division by zero.
    CHECK(cohort_tsv(cohort_counts{})
          == "section\tname\tlevel\trole\tdrugs\tcount\tmajority\tminority\tdenominator\tpercent\n"
             "samples\ttotal\t\t\t\t0\t\t\t0\t\nsamples\tanalysed\t\t\t\t0\t\t\t0\t\n"
             "samples\tanalysed_ngs\t\t\t\t0\t\t\t0\t\nsamples\terror\t\t\t\t0\t\t\t0\t\n");
}
