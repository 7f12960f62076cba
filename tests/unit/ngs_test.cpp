// NGS read path: hand-countable fixtures, simulated reads with known fractions, the real MiSeq
// amplicon BAM against its source's own table, and broken inputs.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <unistd.h>

#include <htslib/bgzf.h>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/locations.hpp>
#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/ngs/ngs.hpp>
#include <hbvdr/report/tables.hpp>
#include <hbvdr/report/text_report.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace hbvdr;

namespace
{

std::string const ngs_dir = std::string{HBVDR_TEST_DATA_DIR} + "/ngs/";

struct fixture
{
    reference_set refs = reference_set::load(HBVDR_SOURCE_DATA_DIR);
    aligner align{refs};
    analysis_context ctx = make_ctx(refs, align);

    // As hbvdr analyze sets it: QC checks the database's resistance positions (no interpretation here).
    static analysis_context make_ctx(reference_set const & refs, aligner const & align)
    {
        analysis_context c{refs, align, align_mode::anchored, {}, {}};
        c.quality.key_rt_positions = test::db().coverage_rt_positions();
        return c;
    }
};

//! NGS options as hbvdr analyze sets them: linkage over the database's resistance positions.
ngs_options db_ngs_options()
{
    ngs_options o;
    o.linkage_positions = test::db().coverage_rt_positions();
    return o;
}

fixture const & fx()
{
    static fixture const f;
    return f;
}

// Per-process scratch space (suites may run concurrently), removed when the tests end.
struct scratch_root
{
    fs::path path = fs::temp_directory_path() / ("hbvdr_ngs_test_" + std::to_string(::getpid()));
    ~scratch_root()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

fs::path temp_dir(std::string const & name)
{
    static scratch_root const root;
    fs::path const p = root.path / name;
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

sample_report
run(std::vector<std::string> const & paths, ngs_options const & opts, input_kind kind = input_kind::unknown)
{
    reads_input in;
    in.paths = paths;
    for (std::string const & p : paths)
        in.display.push_back(fs::path{p}.filename().string());
    in.kind = kind == input_kind::unknown ? detect_input_kind(paths.front()) : kind;
    in.name = ngs_sample_name(paths.front(), paths.size() > 1);
    return analyze_reads(in, fx().ctx, opts);
}

double freq_of(codon_call const & c, char const aa)
{
    for (auto const & [x, f] : c.freqs)
        if (x == aa)
            return f;
    return 0.0;
}

std::uint64_t count_of(codon_call const & c, char const aa)
{
    return static_cast<std::uint64_t>(std::llround(freq_of(c, aa) * c.depth));
}

ngs_options hand_options()
{
    ngs_options o = db_ngs_options();
    o.thresholds.min_depth = 1;
    return o;
}

} // namespace

TEST_CASE("input kinds are detected from content, FASTQ pairs from adjacent R1/R2 names", "[ngs]")
{
    CHECK(detect_input_kind(ngs_dir + "rotated.sam") == input_kind::sam);
    CHECK(detect_input_kind(ngs_dir + "rotated.bam") == input_kind::bam);
    CHECK(detect_input_kind(ngs_dir + "rotated.cram") == input_kind::cram);
    CHECK(detect_input_kind(ngs_dir + "rotated.fasta") == input_kind::fasta);
    std::vector<std::string> const p{
        "a/S1_R1_001.fastq.gz", "a/S1_R2_001.fastq.gz", "b.fq", "x_1.fq", "x_2.fq", "y_R1.fq"};
    std::vector<input_kind> const k(p.size(), input_kind::fastq);
    auto const g = pair_fastq_inputs(p, k);
    REQUIRE(g.size() == 4);
    CHECK(g[0] == std::vector<std::size_t>{0, 1});
    CHECK(g[1] == std::vector<std::size_t>{2});
    CHECK(g[2] == std::vector<std::size_t>{3, 4});
    CHECK(g[3] == std::vector<std::size_t>{5});
    CHECK(ngs_sample_name(p[0], true) == "S1_001");
    CHECK(ngs_sample_name("x_1.fq", true) == "x");
    CHECK(ngs_sample_name("dir/s.bam", false) == "s");
}

TEST_CASE("hand-countable reads on a rotated contig with an unknown name", "[ngs]")
{
    ngs_options o = hand_options();
    SECTION("without its sequence the reference cannot be established")
    {
        sample_report const r = run({ngs_dir + "rotated.sam"}, o);
        CHECK(r.status == sample_status::error);
        CHECK_THAT(r.error,
                   Catch::Contains("cannot establish the reference of contig(s) myhbv")
                       && Catch::Contains("--bam-reference"));
    }
    for (std::string const file : {"rotated.sam", "rotated.bam"})
    {
        DYNAMIC_SECTION("with --bam-reference: " << file)
        {
            o.bam_reference = ngs_dir + "rotated.fasta";
            sample_report const r = run({ngs_dir + file}, o);
            REQUIRE(r.analysed);
            REQUIRE(r.ngs);
            CHECK(r.genotype.genotype == "C");
            // rt204: wt1 (M), two_base (ATG->GTT: one V codon), pair_ok (M, once); lowq, pair_bad,
            // dup and sec not counted.
            codon_call const & c204 = r.calls.at(gene::rt, 204);
            CHECK(c204.depth == 3);
            CHECK(count_of(c204, 'M') == 2);
            CHECK(count_of(c204, 'V') == 1);
            CHECK(freq_text(c204) == "M:0.6667;V:0.3333");
            CHECK(c204.aa.to_string() == "MV");
            // rt180: wt180 only; del180 has a deletion inside the codon.
            codon_call const & c180 = r.calls.at(gene::rt, 180);
            CHECK(c180.depth == 1);
            CHECK(freq_text(c180) == "L:1.0000");
            bool seen_indel = false;
            for (ngs_indel_counts const & i : r.ngs->indels)
                if (i.gene == 'R' && i.pos == 180)
                    seen_indel = i.disrupted == 1;
            CHECK(seen_indel);
            ngs_read_stats const & st = r.ngs->reads;
            CHECK(st.records == 11);
            CHECK(st.duplicate == 1);
            CHECK(st.secondary == 1);
            CHECK(st.pairs_merged == 2);
            CHECK(st.fragments == 7);
            CHECK(st.codons_low_quality >= 1);
            REQUIRE(r.ngs->contigs.size() == 1);
            CHECK(r.ngs->contigs[0].mapped_to == "GQ377617");
            // The minority V is labelled with its frequency and the threshold.
            bool found = false;
            for (mutation_row const & m : r.mutations)
                if (m.mutation.label() == "rtM204V")
                {
                    found = true;
                    CHECK(m.has_freq);
                    CHECK(m.minority);
                    CHECK(mutation_display(m) == "rtM204V(33.3%)");
                    CHECK_THAT(m.note, Catch::Contains("threshold 2.0%"));
                }
            CHECK(found);
            // Below the depth gate: insufficient data, not wild type.
            ngs_options gate = o;
            gate.thresholds.min_depth = 100;
            sample_report const g = run({ngs_dir + file}, gate);
            CHECK(g.calls.at(gene::rt, 204).status == codon_status::low_depth);
            CHECK(g.calls.at(gene::rt, 204).aa.empty());
            bool insufficient = false;
            for (qc_message const & m : g.qc.messages)
                insufficient =
                    insufficient || m.code == "no_key_position_covered" || m.code == "key_position_insufficient_depth";
            CHECK(insufficient);
        }
    }
}

TEST_CASE("a doubled genome and a reverse-complement contig are placed on the reference", "[ngs]")
{
    ngs_options o = hand_options();
    sample_report const d = run({ngs_dir + "doubled.sam"}, o); // recognised from data/ by accession and length
    REQUIRE(d.analysed);
    CHECK(d.ngs->contigs[0].copies == 2);
    CHECK(d.calls.at(gene::rt, 204).depth == 3);
    CHECK(count_of(d.calls.at(gene::rt, 204), 'V') == 2);
    o.bam_reference = ngs_dir + "reverse.fasta";
    sample_report const r = run({ngs_dir + "reverse.sam"}, o);
    REQUIRE(r.analysed);
    CHECK(r.ngs->contigs[0].reverse);
    CHECK(r.calls.at(gene::rt, 204).depth == 2);
    CHECK(count_of(r.calls.at(gene::rt, 204), 'V') == 1);
}

TEST_CASE("thousands of mates that never arrive are each counted once", "[ngs]")
{
    // An unsorted file is never swept: every first mate whose partner is filtered waits until the
    // end. More than a thousand of them once sent the waiting table's clear() into an endless loop.
    fixture const & f = fx();
    std::size_t const d = *f.refs.genotype_reference_index('D');
    std::string const & genome = f.refs.panel()[d].sequence;
    std::string const contig = f.refs.panel()[d].accession;
    std::size_t const start = 129 + 3 * (170 - 1); // rt170 (rt1 is at offset 129 of this genome)
    std::string const seq = genome.substr(start, 150);
    std::string const qual(150, 'F');
    fs::path const dir = temp_dir("orphans");
    int const n = 3000;
    {
        std::ofstream out{dir / "orphans.sam"};
        out << "@HD\tVN:1.6\tSO:unsorted\n@SQ\tSN:" << contig << "\tLN:" << genome.size() << "\n";
        for (int i = 0; i < n; ++i)
        {
            // First mate counted; its overlapping partner is a duplicate (filtered).
            out << "o" << i << "\t99\t" << contig << '\t' << start + 1 << "\t60\t150M\t=\t" << start + 51 << "\t200\t"
                << seq << '\t' << qual << "\tMC:Z:150M\n";
            out << "o" << i << "\t1171\t" << contig << '\t' << start + 51 << "\t60\t150M\t=\t" << start + 1
                << "\t-200\t" << genome.substr(start + 50, 150) << '\t' << qual << "\tMC:Z:150M\n";
        }
    }
    sample_report const r = run({(dir / "orphans.sam").string()}, hand_options());
    REQUIRE(r.analysed);
    CHECK(r.ngs->reads.duplicate == static_cast<std::uint64_t>(n));
    CHECK(r.ngs->reads.fragments == static_cast<std::uint64_t>(n));
    CHECK(r.ngs->reads.pairs_merged == 0);
    CHECK(r.calls.at(gene::rt, 180).depth == static_cast<std::uint32_t>(n));
    CHECK(r.calls.at(gene::rt, 204).depth == static_cast<std::uint32_t>(n));
}

TEST_CASE("mapped reads stored without their bases (SEQ '*') are counted as such, not read", "[ngs]")
{
    fixture const & f = fx();
    std::size_t const d = *f.refs.genotype_reference_index('D');
    std::string const & genome = f.refs.panel()[d].sequence;
    std::string const contig = f.refs.panel()[d].accession;
    std::size_t const start = 129 + 3 * (170 - 1); // rt170
    fs::path const dir = temp_dir("noseq");
    auto write = [&](fs::path const & path, bool const with_bare)
    {
        std::ofstream out{path};
        out << "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:" << contig << "\tLN:" << genome.size() << "\n";
        for (int i = 0; i < 40; ++i)
        {
            out << "r" << i << "\t0\t" << contig << '\t' << start + 1 << "\t60\t150M\t*\t0\t0\t"
                << genome.substr(start, 150) << '\t' << std::string(150, 'F') << '\n';
            if (with_bare)
            {
                // The common read and the general CIGAR walk (a deletion), paired and not.
                out << "bare" << i << "\t0\t" << contig << '\t' << start + 1 << "\t60\t150M\t*\t0\t0\t*\t*\n";
                out << "del" << i << "\t0\t" << contig << '\t' << start + 1 << "\t60\t75M1D74M\t*\t0\t0\t*\t*\n";
                out << "pair" << i << "\t99\t" << contig << '\t' << start + 1 << "\t60\t150M\t=\t" << start + 301
                    << "\t450\t*\t*\tMC:Z:150M\n";
            }
        }
    };
    write(dir / "plain.sam", false);
    write(dir / "bare.sam", true);
    for (bool const ahead : {false, true})
    {
        INFO("reading on a second thread: " << ahead);
        ngs_options o = hand_options();
        o.read_ahead = ahead;
        sample_report const a = run({(dir / "plain.sam").string()}, o);
        sample_report const b = run({(dir / "bare.sam").string()}, o);
        REQUIRE(a.analysed);
        REQUIRE(b.analysed);
        CHECK(b.ngs->reads.no_sequence == 120);
        CHECK(b.ngs->reads.fragments == a.ngs->reads.fragments);
        for (int p = 170; p <= 219; ++p)
        {
            INFO("rt" << p);
            CHECK(b.calls.at(gene::rt, p).depth == 40);
            CHECK(b.calls.at(gene::rt, p).freqs == a.calls.at(gene::rt, p).freqs);
        }
    }
}

namespace
{

// tests/data/ngs/rotated.bam decompressed, record `k` (from 0) changed by `edit(raw, offset of the
// record)`, written as a BAM (for records that no tool would write).
template <typename edit_t>
void write_edited_bam(fs::path const & out, int const k, edit_t const & edit)
{
    std::string raw;
    {
        BGZF * const in = bgzf_open((ngs_dir + "rotated.bam").c_str(), "r");
        REQUIRE(in != nullptr);
        std::vector<char> buf(65536);
        for (ssize_t n; (n = bgzf_read(in, buf.data(), buf.size())) > 0;)
            raw.append(buf.data(), static_cast<std::size_t>(n));
        bgzf_close(in);
    }
    auto i32 = [&](std::size_t const at)
    {
        std::int32_t v;
        std::memcpy(&v, raw.data() + at, 4);
        return static_cast<std::size_t>(v);
    };
    std::size_t at = 8 + i32(4); // magic, l_text, text
    std::size_t const n_ref = i32(at);
    at += 4;
    for (std::size_t r = 0; r < n_ref; ++r)
        at += 4 + i32(at) + 4;
    for (int r = 0; r < k; ++r)
        at += 4 + i32(at);
    REQUIRE(at < raw.size());
    edit(raw, at);
    BGZF * const o = bgzf_open(out.c_str(), "w");
    REQUIRE(o != nullptr);
    CHECK(bgzf_write(o, raw.data(), raw.size()) == static_cast<ssize_t>(raw.size()));
    CHECK(bgzf_close(o) == 0);
}

} // namespace

TEST_CASE("FASTQ reads from elsewhere in the genome are not forced onto the RT window", "[ngs]")
{
    // Simulated reads from outside the window whose one sequencing error (C>A) makes a k-mer the
    // window has: that single anchor once gave a 3-6 base alignment inside RT, counted as codons.
    fixture const & f = fx();
    std::size_t const d = *f.refs.genotype_reference_index('D');
    std::string const & genome = f.refs.panel()[d].sequence;
    REQUIRE(f.refs.panel()[d].accession == "KC875277");
    std::string const qual(150, 'F');
    fs::path const dir = temp_dir("outside");
    std::ofstream out{dir / "reads.fastq"};
    int outside = 0;
    for (auto const & [start, error] : {std::pair{1641, 73}, {1356, 71}, {1570, 144}, {2427, 131}})
    {
        std::string read = genome.substr(static_cast<std::size_t>(start), 150);
        REQUIRE(read[static_cast<std::size_t>(error)] == 'C');
        read[static_cast<std::size_t>(error)] = 'A';
        out << "@out" << start << '\n' << read << "\n+\n" << qual << '\n';
        ++outside;
    }
    // And 40 reads at rt170-rt219 (rt1 is at offset 129 of this genome).
    std::size_t const in_at = 129 + 3 * (170 - 1);
    for (int i = 0; i < 40; ++i)
        out << "@in" << i << '\n' << genome.substr(in_at, 150) << "\n+\n" << qual << '\n';
    out.close();
    sample_report const r = run({(dir / "reads.fastq").string()}, hand_options(), input_kind::fastq);
    REQUIRE(r.analysed);
    CHECK(r.ngs->reads.unmapped == static_cast<std::uint64_t>(outside));
    CHECK(r.ngs->reads.used == 40);
    for (int p = 1; p <= 344; ++p)
    {
        INFO("rt" << p);
        CHECK(r.calls.at(gene::rt, p).depth == (p >= 170 && p < 220 ? 40u : 0u));
    }
}

TEST_CASE("broken alignment inputs give clear errors", "[ngs]")
{
    fs::path const dir = temp_dir("broken");
    ngs_options o = hand_options();
    SECTION("truncated BAM")
    {
        std::ifstream in{ngs_dir + "Set_B_no_drug.binned.bam", std::ios::binary};
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::ofstream{dir / "cut.bam", std::ios::binary}.write(data.data(),
                                                               static_cast<std::streamsize>(data.size() / 2));
        o.bam_reference = ngs_dir + "HBV_amplicon.fasta";
        sample_report const r = run({(dir / "cut.bam").string()}, o);
        CHECK(r.status == sample_status::error);
        CHECK_THAT(r.error, Catch::Contains("truncated"));
    }
    SECTION("BAM cut inside a block, with an end-of-file marker after it: found while reading")
    {
        std::ifstream in{ngs_dir + "Set_B_no_drug.binned.bam", std::ios::binary};
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::string const eof = data.substr(data.size() - 28); // the BGZF end-of-file block
        std::ofstream{dir / "cut.bam", std::ios::binary} << data.substr(0, data.size() / 2) << eof;
        o.bam_reference = ngs_dir + "HBV_amplicon.fasta";
        sample_report const r = run({(dir / "cut.bam").string()}, o);
        CHECK(r.status == sample_status::error);
        CHECK_THAT(r.error, Catch::Contains("corrupt data") && Catch::Contains("records)"));
        // Reading on a second thread: the same error, after the same records.
        o.read_ahead = true;
        sample_report const t = run({(dir / "cut.bam").string()}, o);
        CHECK(t.status == sample_status::error);
        CHECK(t.error == r.error);
    }
    SECTION("a record whose CIGAR covers more bases than its SEQ: corrupt data, after the records before it")
    {
        // The first CIGAR operation of the third record made 40 bases longer.
        write_edited_bam(dir / "cigar.bam",
                         2,
                         [](std::string & raw, std::size_t const at)
                         {
                             std::size_t const cigar = at + 36 + static_cast<unsigned char>(raw[at + 12]);
                             std::uint32_t op;
                             std::memcpy(&op, raw.data() + cigar, 4);
                             op += 40u << 4;
                             std::memcpy(raw.data() + cigar, &op, 4);
                         });
        o.bam_reference = ngs_dir + "rotated.fasta";
        sample_report const r = run({(dir / "cigar.bam").string()}, o);
        CHECK(r.status == sample_status::error);
        CHECK_THAT(r.error,
                   Catch::Contains("cigar.bam: truncated or corrupt data") && Catch::Contains("after 2 records"));
    }
    SECTION("a mapped record without a position, or past the contig's end: not counted, nothing else changes")
    {
        o.bam_reference = ngs_dir + "rotated.fasta";
        sample_report const plain = run({ngs_dir + "rotated.bam"}, o);
        REQUIRE(plain.analysed);
        for (std::int32_t const pos : {-1, -5000, 1'000'000})
        {
            INFO("position " << pos);
            // Record 2 (del180, a deletion: the general CIGAR walk) moved to `pos`, flags kept.
            write_edited_bam(dir / "moved.bam",
                             1,
                             [pos](std::string & raw, std::size_t const at)
                             {
                                 std::memcpy(raw.data() + at + 8, &pos, 4);
                             });
            sample_report const r = run({(dir / "moved.bam").string()}, o);
            REQUIRE(r.analysed);
            CHECK(r.ngs->reads.unmapped == plain.ngs->reads.unmapped + (pos < 0 ? 1 : 0));
            CHECK(r.ngs->reads.off_target == plain.ngs->reads.off_target + (pos < 0 ? 0 : 1));
            CHECK(r.calls.at(gene::rt, 204).depth == plain.calls.at(gene::rt, 204).depth);
        }
    }
    SECTION("BAM without index: read whole, said so")
    {
        o.bam_reference = ngs_dir + "rotated.fasta";
        sample_report const r = run({ngs_dir + "rotated.bam"}, o);
        REQUIRE(r.analysed);
        bool said = false;
        for (qc_message const & m : r.qc.messages)
            said = said || (m.code == "ngs_input" && m.text.find("no index") != std::string::npos);
        CHECK(said);
    }
    SECTION("CRAM with the right and with a corrupt reference")
    {
        fs::copy_file(ngs_dir + "rotated.fasta", dir / "ref.fa");
        o.bam_reference = dir / "ref.fa";
        sample_report const good = run({ngs_dir + "rotated.cram"}, o);
        REQUIRE(good.analysed);
        CHECK(good.calls.at(gene::rt, 204).depth == 3);
        std::ifstream in{dir / "ref.fa"};
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (std::size_t i = text.find('\n') + 200; i < text.size(); i += 37)
            if (text[i] == 'A')
                text[i] = 'C';
        std::ofstream{dir / "bad.fa"} << text;
        o.bam_reference = dir / "bad.fa";
        sample_report const bad = run({ngs_dir + "rotated.cram"}, o);
        CHECK(bad.status == sample_status::error);
        CHECK_THAT(bad.error, Catch::Contains("CRAM") && Catch::Contains("--bam-reference"));
        o.read_ahead = true;
        sample_report const bad2 = run({ngs_dir + "rotated.cram"}, o);
        CHECK(bad2.status == sample_status::error);
        CHECK(bad2.error == bad.error);
    }
    SECTION("malformed FASTQ: a pair of unequal length, a cut record, no reads")
    {
        std::string const rec = "@r1\nACGTACGTAC\n+\nIIIIIIIIII\n";
        std::ofstream{dir / "p_R1.fastq"} << rec << "@r2\nACGTACGTAC\n+\nIIIIIIIIII\n";
        std::ofstream{dir / "p_R2.fastq"} << rec;
        sample_report const pair =
            run({(dir / "p_R1.fastq").string(), (dir / "p_R2.fastq").string()}, o, input_kind::fastq);
        CHECK(pair.status == sample_status::error);
        CHECK_THAT(pair.error, Catch::Contains("p_R2.fastq: fewer reads than p_R1.fastq"));
        std::ofstream{dir / "cut.fastq"} << "@r1\nACGTACGTAC\n+\nIIII\n";
        sample_report const cut = run({(dir / "cut.fastq").string()}, o, input_kind::fastq);
        CHECK(cut.status == sample_status::error);
        CHECK_THAT(cut.error, Catch::Contains("cut.fastq: record 1 is malformed"));
        // Cut before its '+' line (under 18 bytes: this once read as no record at all).
        std::ofstream{dir / "short.fastq"} << "@r1\nACGTACGTAC\n";
        sample_report const short_cut = run({(dir / "short.fastq").string()}, o, input_kind::fastq);
        CHECK(short_cut.status == sample_status::error);
        CHECK_THAT(short_cut.error, Catch::Contains("short.fastq: record 1 is malformed or cut short"));
        std::ofstream{dir / "none.fastq"} << "\n";
        sample_report const none = run({(dir / "none.fastq").string()}, o, input_kind::fastq);
        CHECK(none.status == sample_status::error);
        CHECK_THAT(none.error, Catch::Contains("none.fastq: no reads"));
        // R2 ends after 1,500 of 2,000 pairs: found while the reads are aligned on three threads.
        std::string const & genome = fx().refs.panel()[*fx().refs.genotype_reference_index('D')].sequence;
        std::string const read = genome.substr(129 + 3 * (170 - 1), 150), qual(150, 'F');
        {
            std::ofstream r1{dir / "long_R1.fastq"}, r2{dir / "long_R2.fastq"};
            for (int i = 0; i < 2000; ++i)
            {
                r1 << "@p" << i << '\n' << read << "\n+\n" << qual << '\n';
                if (i < 1500)
                    r2 << "@p" << i << '\n' << read << "\n+\n" << qual << '\n';
            }
        }
        ngs_options three = o;
        three.align_threads = 3;
        sample_report const late =
            run({(dir / "long_R1.fastq").string(), (dir / "long_R2.fastq").string()}, three, input_kind::fastq);
        CHECK(late.status == sample_status::error);
        CHECK_THAT(late.error, Catch::Contains("long_R2.fastq: fewer reads than long_R1.fastq"));
    }
    SECTION("not an alignment file")
    {
        std::ofstream{dir / "junk.bam", std::ios::binary} << "BAM\1garbage";
        sample_report const r = run({(dir / "junk.bam").string()}, o, input_kind::bam);
        CHECK(r.status == sample_status::error);
        CHECK_FALSE(r.error.empty());
    }
}

TEST_CASE("real MiSeq amplicon BAM: counts agree with the source's own table", "[ngs][real]")
{
    // HBVseq_sub_enrichment counts codons of reads without indels whose three bases have Q >= 13;
    // its table gives, for the untreated set B sample, substitution counts and totals per position.
    ngs_options o = db_ngs_options();
    o.bam_reference = ngs_dir + "HBV_amplicon.fasta";
    o.thresholds.min_baseq = 13;
    o.thresholds.min_depth = 1;
    o.skip_indel_reads = true;
    sample_report const r = run({ngs_dir + "Set_B_no_drug.binned.bam"}, o);
    REQUIRE(r.analysed);
    CHECK(r.genotype.genotype == "A");
    std::ifstream table{ngs_dir + "Top_substitutions.source_output.txt"};
    std::string line;
    std::getline(table, line);
    int compared = 0;
    while (std::getline(table, line))
    {
        auto const f = split(line, '\t');
        long long pos = 0, mutant = 0, total = 0;
        REQUIRE(parse_int(f[1], pos));
        if (pos > 344)
            continue; // beyond the RT (the amplicon reaches into RNase H)
        REQUIRE(parse_int(f[14], mutant));
        REQUIRE(parse_int(f[15], total));
        codon_call const & c = r.calls.at(gene::rt, static_cast<int>(pos));
        INFO("rt" << f[0] << pos << f[2]);
        CHECK(r.calls.ref_aa(gene::rt, static_cast<int>(pos)) == f[0][0]);
        CHECK(c.depth == total);
        CHECK(count_of(c, f[2][0]) == static_cast<std::uint64_t>(mutant));
        ++compared;
    }
    CHECK(compared == 18);

    SECTION("defaults: no resistance reported at 2%")
    {
        ngs_options d;
        d.bam_reference = ngs_dir + "HBV_amplicon.fasta";
        sample_report const x = run({ngs_dir + "Set_B_no_drug.binned.bam"}, d);
        REQUIRE(x.analysed);
        for (int const p : {80, 169, 173, 180, 181, 184, 194, 202, 204, 236, 250})
        {
            codon_call const & c = x.calls.at(gene::rt, p);
            INFO("rt" << p);
            CHECK(c.status == codon_status::called);
            CHECK(c.depth >= 100);
            CHECK(c.aa == aa_set::of(x.calls.ref_aa(gene::rt, p)));
        }
        CHECK(x.ngs->linkage.empty());
    }
}

namespace
{

// A seeded simulator of paired reads over the RT window of the genotype D reference.
struct simulator
{
    struct variant
    {
        int pos;
        char aa;
    };
    struct group
    {
        std::vector<variant> changes;
        double fraction;
    };
    std::string genome;
    std::vector<group> groups;
    std::mt19937_64 rng{20261121};

    double uniform()
    {
        return static_cast<double>(rng() >> 11) * 0x1.0p-53;
    }

    std::string codon_for(std::string const & ref, char const aa)
    {
        std::string best;
        int best_d = 4;
        for (char a : std::string{"ACGT"})
            for (char b : std::string{"ACGT"})
                for (char c : std::string{"ACGT"})
                {
                    std::string const cod{a, b, c};
                    if (translate_codon(cod) != aa_set::of(aa))
                        continue;
                    int const d = (a != ref[0]) + (b != ref[1]) + (c != ref[2]);
                    if (d < best_d)
                    {
                        best_d = d;
                        best = cod;
                    }
                }
        return best;
    }

    std::string haplotype()
    {
        std::string h = genome;
        for (group const & g : groups)
            if (uniform() < g.fraction)
                for (variant const & v : g.changes)
                {
                    std::size_t const off = 129 + 3 * static_cast<std::size_t>(v.pos - 1);
                    h.replace(off, 3, codon_for(genome.substr(off, 3), v.aa));
                }
        return h;
    }

    std::string sequenced(std::string s, std::string & qual)
    {
        qual.assign(s.size(), 'F');
        for (std::size_t i = 0; i < s.size(); ++i)
        {
            if (uniform() < 0.002)
            {
                char b;
                do
                    b = "ACGT"[rng() % 4];
                while (b == s[i]);
                s[i] = b;
            }
            if (uniform() < 0.02)
                qual[i] = '+'; // Q10
        }
        return s;
    }

    //!\brief Write `n` fragments as a coordinate-sorted SAM (and optionally as a FASTQ pair).
    void write(fs::path const & sam,
               std::string const & contig,
               std::size_t const n,
               fs::path const & r1 = {},
               fs::path const & r2 = {})
    {
        struct rec
        {
            long pos;
            std::string line;
        };
        std::vector<rec> recs;
        std::ofstream f1, f2;
        if (!r1.empty())
        {
            f1.open(r1);
            f2.open(r2);
        }
        int const lo = 29 - 150, hi = 129 + 1032 + 100;
        for (std::size_t i = 0; i < n; ++i)
        {
            std::string const h = haplotype();
            int const len = 200 + static_cast<int>(rng() % 101);
            int const start = lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo));
            if (start < 0)
                continue;
            std::string const frag = h.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(len));
            std::string q1, q2;
            std::string const left = sequenced(frag.substr(0, 150), q1);
            std::string const right = sequenced(frag.substr(frag.size() - 150), q2);
            long const lpos = start, rpos = start + len - 150;
            bool const first_left = rng() % 2 == 0;
            std::string const name = "f" + std::to_string(i);
            int const tlen = len;
            std::ostringstream a, b;
            a << name << '\t' << (first_left ? 99 : 163) << '\t' << contig << '\t' << lpos + 1 << "\t60\t150M\t=\t"
              << rpos + 1 << '\t' << tlen << '\t' << left << '\t' << q1 << "\tMC:Z:150M";
            b << name << '\t' << (first_left ? 147 : 83) << '\t' << contig << '\t' << rpos + 1 << "\t60\t150M\t=\t"
              << lpos + 1 << '\t' << -tlen << '\t' << right << '\t' << q2 << "\tMC:Z:150M";
            recs.push_back({lpos, a.str()});
            recs.push_back({rpos, b.str()});
            if (!r1.empty())
            {
                std::string rq2{q2.rbegin(), q2.rend()};
                std::string const rr = reverse_complement(right);
                (first_left ? f1 : f2) << '@' << name << "\n" << left << "\n+\n" << q1 << "\n";
                (first_left ? f2 : f1) << '@' << name << "\n" << rr << "\n+\n" << rq2 << "\n";
            }
        }
        std::stable_sort(recs.begin(),
                         recs.end(),
                         [](rec const & x, rec const & y)
                         {
                             return x.pos < y.pos;
                         });
        std::ofstream out{sam};
        out << "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:" << contig << "\tLN:" << genome.size() << "\n";
        for (rec const & r : recs)
            out << r.line << '\n';
    }
};

void check_binomial(codon_call const & c, char const aa, double const expected)
{
    double const f = freq_of(c, aa);
    double const sd = std::sqrt(expected * (1 - expected) / static_cast<double>(c.depth));
    INFO(aa << " measured " << f << " expected " << expected << " depth " << c.depth);
    CHECK(std::abs(f - expected) <= 4 * sd + 0.002);
}

} // namespace

TEST_CASE("simulated read pairs: known mutant fractions and a linked L180M+M204V haplotype", "[ngs][simulated]")
{
    fixture const & f = fx();
    std::size_t const d = *f.refs.genotype_reference_index('D');
    simulator sim;
    sim.genome = f.refs.panel()[d].sequence;
    REQUIRE(f.refs.panel()[d].residue(gene::rt, 173) == 'V');
    REQUIRE(f.refs.panel()[d].residue(gene::rt, 236) == 'N');
    REQUIRE(f.refs.panel()[d].residue(gene::rt, 181) == 'A');
    REQUIRE(f.refs.panel()[d].residue(gene::rt, 194) == 'A');
    sim.groups = {{{{173, 'L'}}, 0.01},
                  {{{236, 'T'}}, 0.02},
                  {{{181, 'T'}}, 0.05},
                  {{{180, 'M'}, {204, 'V'}}, 0.20},
                  {{{194, 'T'}}, 0.50}};
    fs::path const dir = temp_dir("sim");
    std::string const contig = f.refs.panel()[d].accession;
    sim.write(dir / "sim.sam", contig, 30000, dir / "sim_R1.fq", dir / "sim_R2.fq");

    ngs_options o = db_ngs_options();
    sample_report const r = run({(dir / "sim.sam").string()}, o);
    REQUIRE(r.analysed);
    CHECK(r.genotype.genotype == "D");
    rt_pos const positions[] = {rt_pos{173}, rt_pos{236}, rt_pos{181}, rt_pos{180}, rt_pos{204}, rt_pos{194}};
    for (rt_pos const p : positions)
        CHECK(r.calls.at(gene::rt, p.value()).depth > 3000);
    check_binomial(r.calls.at(gene::rt, 173), 'L', 0.01);
    check_binomial(r.calls.at(gene::rt, 236), 'T', 0.02);
    check_binomial(r.calls.at(gene::rt, 181), 'T', 0.05);
    check_binomial(r.calls.at(gene::rt, 180), 'M', 0.20);
    check_binomial(r.calls.at(gene::rt, 204), 'V', 0.20);
    check_binomial(r.calls.at(gene::rt, 194), 'T', 0.50);
    // Reported at the 2% threshold: 5%, 20%, 50% (and 2% only if it measured >= 2%); never 1%.
    CHECK(r.calls.at(gene::rt, 181).aa.to_string() == "AT");
    CHECK(r.calls.at(gene::rt, 204).aa.to_string() == "MV");
    CHECK(r.calls.at(gene::rt, 194).aa.to_string() == "AT");
    CHECK(r.calls.at(gene::rt, 173).aa.to_string() == "V");
    // Overlapping mates count once: molecules, not reads.
    CHECK(r.ngs->reads.pairs_merged > 20000);

    // Linkage: L180M and M204V travel together on ~20% of molecules; the unlinked combinations are absent.
    double mv = 0, lm = 0, other = 0;
    for (linkage_row const & l : r.ngs->linkage)
        if (l.positions == std::vector<int>{180, 204})
        {
            (l.haplotype == "M,V" ? mv : l.haplotype == "L,M" ? lm : other) += l.freq;
            CHECK(l.depth > 2000);
        }
    CHECK(std::abs(mv - 0.20) < 0.03);
    CHECK(std::abs(lm - 0.80) < 0.03);
    CHECK(other == 0.0);

    SECTION("the clinician report says which mutations sit on the same molecule")
    {
        std::string const text = text_report(r, report_options{});
        INFO(text);
        auto const at = text.find("Mutations on the same molecule");
        REQUIRE(at != std::string::npos);
        std::string const part = text.substr(at);
        auto const both = part.find("  - rtL180M + rtM204V: ");
        REQUIRE(both != std::string::npos);
        double const shown = std::stod(part.substr(both + 23, 5)) / 100;
        CHECK(std::abs(shown - mv) < 0.0006);
        // A181T (5%) was simulated on other molecules than M204V (20%): said so, not left to be added up.
        CHECK(part.find("rtA181T and rtM204V: not seen on the same molecule") != std::string::npos);
        CHECK(part.find("rtA181T + rtM204V") == std::string::npos);
    }

    SECTION("the same reads unsorted (mates adjacent, names reversed) give the same counts and linkage")
    {
        // Coordinate-sorted input pairs mates by position buckets, unsorted input by a name table:
        // the two must count every molecule the same way.
        std::ifstream in{dir / "sim.sam"};
        std::ofstream out{dir / "collated.sam"};
        std::vector<std::string> names;
        std::map<std::string, std::vector<std::string>> by_name;
        for (std::string line; std::getline(in, line);)
        {
            if (line.rfind("@HD", 0) == 0)
                out << "@HD\tVN:1.6\tSO:unsorted\n";
            else if (line[0] == '@')
                out << line << '\n';
            else
            {
                std::string const name = line.substr(0, line.find('\t'));
                auto & v = by_name[name];
                if (v.empty())
                    names.push_back(name);
                v.push_back(line);
            }
        }
        for (auto it = names.rbegin(); it != names.rend(); ++it)
            for (std::string const & line : by_name[*it])
                out << line << '\n';
        out.close();
        sample_report const u = run({(dir / "collated.sam").string()}, o);
        REQUIRE(u.analysed);
        CHECK(u.ngs->reads.pairs_merged == r.ngs->reads.pairs_merged);
        for (int p = 1; p <= 344; ++p)
        {
            codon_call const & a = r.calls.at(gene::rt, p);
            codon_call const & b = u.calls.at(gene::rt, p);
            INFO("rt" << p);
            CHECK(a.depth == b.depth);
            CHECK(a.freqs == b.freqs);
        }
        REQUIRE(u.ngs->linkage.size() == r.ngs->linkage.size());
        for (std::size_t i = 0; i < r.ngs->linkage.size(); ++i)
        {
            linkage_row const & a = r.ngs->linkage[i];
            linkage_row const & b = u.ngs->linkage[i];
            CHECK(a.positions == b.positions);
            CHECK(a.haplotype == b.haplotype);
            CHECK(a.count == b.count);
            CHECK(a.depth == b.depth);
        }
    }
    SECTION("reading on a second thread gives the same counts and linkage")
    {
        ngs_options ahead = o;
        ahead.read_ahead = true;
        ahead.hts_threads = 1;
        sample_report const x = run({(dir / "sim.sam").string()}, ahead);
        REQUIRE(x.analysed);
        for (int p = 1; p <= 344; ++p)
        {
            INFO("rt" << p);
            CHECK(x.calls.at(gene::rt, p).depth == r.calls.at(gene::rt, p).depth);
            CHECK(x.calls.at(gene::rt, p).freqs == r.calls.at(gene::rt, p).freqs);
        }
        REQUIRE(x.ngs->linkage.size() == r.ngs->linkage.size());
        for (std::size_t i = 0; i < r.ngs->linkage.size(); ++i)
            CHECK(x.ngs->linkage[i].count == r.ngs->linkage[i].count);
    }
    SECTION("a lower threshold reports the 1% variant")
    {
        ngs_options low;
        low.thresholds.min_freq = 0.005;
        sample_report const x = run({(dir / "sim.sam").string()}, low);
        CHECK(x.calls.at(gene::rt, 173).aa.to_string() == "LV");
    }
    SECTION("the same reads as a FASTQ pair, aligned by hbvdr")
    {
        sample_report const q = run({(dir / "sim_R1.fq").string(), (dir / "sim_R2.fq").string()}, o, input_kind::fastq);
        REQUIRE(q.analysed);
        CHECK(q.ngs->input_kind == "fastq_pair");
        CHECK(q.genotype.genotype == "D");
        check_binomial(q.calls.at(gene::rt, 194), 'T', 0.50);
        check_binomial(q.calls.at(gene::rt, 204), 'V', 0.20);
        check_binomial(q.calls.at(gene::rt, 181), 'T', 0.05);
        CHECK(q.calls.at(gene::rt, 204).depth * 10 > r.calls.at(gene::rt, 204).depth * 9);
        // Aligned on three threads: the same counts, consensus, linkage and read accounting.
        ngs_options three = o;
        three.align_threads = 3;
        sample_report const t =
            run({(dir / "sim_R1.fq").string(), (dir / "sim_R2.fq").string()}, three, input_kind::fastq);
        REQUIRE(t.analysed);
        for (gene const ge : {gene::rt, gene::s})
            for (int p = 1; p <= info(ge).n_codons; ++p)
            {
                INFO((ge == gene::rt ? "rt" : "s") << p);
                CHECK(t.calls.at(ge, p).depth == q.calls.at(ge, p).depth);
                CHECK(t.calls.at(ge, p).freqs == q.calls.at(ge, p).freqs);
            }
        CHECK(t.ngs->consensus == q.ngs->consensus);
        CHECK(t.ngs->reads.used == q.ngs->reads.used);
        CHECK(t.ngs->reads.unmapped == q.ngs->reads.unmapped);
        CHECK(t.ngs->reads.codons_low_quality == q.ngs->reads.codons_low_quality);
        REQUIRE(t.ngs->linkage.size() == q.ngs->linkage.size());
        for (std::size_t i = 0; i < q.ngs->linkage.size(); ++i)
            CHECK(t.ngs->linkage[i].count == q.ngs->linkage[i].count);
    }
}

TEST_CASE("hbvdr analyze with NGS inputs writes linkage.tsv and consensus.fasta, deterministically", "[ngs][app]")
{
    fs::path const dir = temp_dir("app");
    std::ostringstream out, log;
    analyze_config cfg;
    cfg.inputs = {ngs_dir + "Set_B_no_drug.binned.bam", ngs_dir + "rotated.sam"};
    cfg.data_dir = HBVDR_SOURCE_DATA_DIR;
    cfg.db_dir = resolve_db_dir(fs::path{HBVDR_SOURCE_DB_DIR});
    cfg.ngs.bam_reference = ngs_dir + "HBV_amplicon.fasta";
    cfg.out_dir = dir / "t1";
    cfg.quiet = true;
    run_totals const t = run_analyze(cfg, out, log);
    CHECK(t.samples == 2);
    CHECK(t.error == 1); // rotated.sam: contig 'myhbv' is not in that FASTA
    for (std::string const f :
         {"summary.tsv", "calls.tsv", "mutations.tsv", "results.json", "linkage.tsv", "consensus.fasta"})
        CHECK(fs::exists(cfg.out_dir / f));
    cfg.threads = 3;
    cfg.out_dir = dir / "t3";
    run_analyze(cfg, out, log);
    for (std::string const f :
         {"summary.tsv", "calls.tsv", "mutations.tsv", "results.json", "linkage.tsv", "consensus.fasta"})
    {
        std::ifstream a{dir / "t1" / f}, b{dir / "t3" / f};
        std::string sa((std::istreambuf_iterator<char>(a)), {}), sb((std::istreambuf_iterator<char>(b)), {});
        INFO(f);
        CHECK(sa == sb);
    }
    std::ifstream calls{dir / "t1" / "calls.tsv"};
    std::string line;
    bool row204 = false;
    while (std::getline(calls, line))
        if (line.rfind("Set_B_no_drug.binned\tRT\t204\t", 0) == 0)
        {
            row204 = true;
            auto const f = split(line, '\t');
            CHECK(f[6] == "called");
            CHECK_FALSE(f[7].empty());
            CHECK(f[8].rfind("I:", 0) == 0); // alphabetical: I before M
        }
    CHECK(row204);

    SECTION("the consensus goes through the Sanger path with the same majority calls")
    {
        analyze_config c2;
        c2.inputs = {(dir / "t1" / "consensus.fasta").string()};
        c2.data_dir = HBVDR_SOURCE_DATA_DIR;
        c2.db_dir = cfg.db_dir;
        c2.out_dir = dir / "cons";
        c2.quiet = true;
        run_totals const t2 = run_analyze(c2, out, log);
        CHECK(t2.error == 0);
        CHECK_FALSE(fs::exists(c2.out_dir / "linkage.tsv")); // FASTA runs keep their outputs
        std::ifstream a{dir / "t1" / "summary.tsv"}, b{c2.out_dir / "summary.tsv"};
        std::string la, lb;
        std::getline(a, la);
        std::getline(a, la);
        std::getline(b, lb);
        std::getline(b, lb);
        auto const fa = split(la, '\t'), fb = split(lb, '\t');
        CHECK(fa[5] == fb[5]); // genotype
        // Every majority RT mutation of the reads is in the consensus' calls (the consensus may add
        // IUPAC mixtures from 20% on that the amino-acid filters did not report).
        for (std::string_view const m : split(fa[15], ' '))
        {
            INFO(m);
            CHECK(fb[15].find(std::string{m}) != std::string::npos);
        }
    }
}
