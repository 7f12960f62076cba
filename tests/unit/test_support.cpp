#include "test_support.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/locations.hpp>
#include <hbvdr/core/nucleotide.hpp>

#include <sys/wait.h>

namespace hbvdr::test
{

reference_set const & refs()
{
    static reference_set const set = reference_set::load(HBVDR_SOURCE_DATA_DIR);
    return set;
}

aligner const & default_aligner()
{
    static aligner const a{refs()};
    return a;
}

mutation_db const & db()
{
    static mutation_db const d = mutation_db::load(resolve_db_dir(std::filesystem::path{HBVDR_SOURCE_DB_DIR}), &refs());
    return d;
}

sample_report analyze_with_db(std::string const & sequence, treatment_context const & ctx)
{
    analysis_context actx{refs(), default_aligner()};
    actx.db = &db();
    actx.context = ctx;
    actx.quality.key_rt_positions = db().coverage_rt_positions(); // as hbvdr analyze does
    sample_input in;
    in.name = "sample";
    in.original_name = "sample";
    in.input_file = "test";
    in.record = 1;
    in.sequence = sequence;
    return analyze_sequence(std::move(in), actx);
}

std::string genome(char const genotype)
{
    return refs().panel()[*refs().genotype_reference_index(genotype)].sequence;
}

reference_genome const & genotype_reference(char const genotype)
{
    return refs().panel().at(refs().genotype_reference_index(genotype).value());
}

projected_alignment identity_alignment(reference_genome const & ref)
{
    projected_alignment aln;
    aln.bases = ref.sequence;
    aln.query_pos.resize(aln.bases.size());
    for (std::size_t i = 0; i < aln.query_pos.size(); ++i)
        aln.query_pos[i] = static_cast<int>(i);
    aln.method = "anchored";
    return aln;
}

void end_before(projected_alignment & aln, std::size_t const from)
{
    for (std::size_t i = from; i < aln.bases.size(); ++i)
    {
        aln.bases[i] = '.';
        aln.query_pos[i] = -1;
    }
}

std::string with_rt_codon(std::string g, int const n, std::string const & codon)
{
    g.replace(rt_offset(n), 3, codon);
    return g;
}

std::string rt_region(std::string const & g, int const from, int const to, int const flank)
{
    std::size_t const a = rt_offset(from) - static_cast<std::size_t>(flank);
    std::size_t const b = rt_offset(to) + 3 + static_cast<std::size_t>(flank);
    return g.substr(a, b - a);
}

std::string revcomp(std::string const & s)
{
    return reverse_complement(s);
}

sample_report analyze(std::string const & sequence, std::string const & name)
{
    analysis_context const ctx{refs(), default_aligner()};
    sample_input in;
    in.name = name;
    in.original_name = name;
    in.input_file = "test";
    in.record = 1;
    in.sequence = sequence;
    return analyze_sequence(std::move(in), ctx);
}

namespace
{
std::string shell_quote(std::string const & s)
{
    std::string out = "'";
    for (char const c : s)
        out += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
    return out + "'";
}
} // namespace

cli_result run_hbvdr(std::vector<std::string> const & args, std::string const & stdin_file)
{
    return run_binary(HBVDR_BINARY, args, stdin_file);
}

cli_result
run_binary(std::filesystem::path const & binary, std::vector<std::string> const & args, std::string const & stdin_file)
{
    temp_dir tmp;
    std::string cmd = shell_quote(binary.string());
    for (std::string const & a : args)
        cmd += " " + shell_quote(a);
    cmd += " >" + shell_quote((tmp / "out").string()) + " 2>" + shell_quote((tmp / "err").string());
    if (!stdin_file.empty())
        cmd += " <" + shell_quote(stdin_file);
    else
        cmd += " </dev/null";
    int const status = std::system(cmd.c_str());
    cli_result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_text(tmp / "out");
    r.err = read_text(tmp / "err");
    return r;
}

temp_dir::temp_dir()
{
    static std::mt19937_64 rng{std::random_device{}()};
    m_path = std::filesystem::temp_directory_path() / ("hbvdr-test-" + std::to_string(rng()));
    std::filesystem::create_directories(m_path);
}

temp_dir::~temp_dir()
{
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::string read_text(std::filesystem::path const & p)
{
    std::ifstream in{p, std::ios::binary};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(std::filesystem::path const & p, std::string const & text)
{
    std::ofstream out{p, std::ios::binary};
    out << text;
}

std::filesystem::path test_data_dir()
{
    return HBVDR_TEST_DATA_DIR;
}

} // namespace hbvdr::test
