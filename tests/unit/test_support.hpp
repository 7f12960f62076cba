#pragma once

// Shared helpers for the Catch2 suite: the bundled references, sequence builders, running the
// hbvdr binary, temporary directories.

#include <filesystem>
#include <string>
#include <vector>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/reference/reference.hpp>

namespace hbvdr::test
{

//!\brief The bundled data/ panel, loaded once.
reference_set const & refs();
aligner const & default_aligner();

//!\brief The bundled mutation database (newest release), loaded and validated once.
mutation_db const & db();

//!\brief Run the pipeline with the database and a treatment context.
sample_report analyze_with_db(std::string const & sequence, treatment_context const & ctx = {});

//!\brief Genome of the genotype reference of `genotype` (EcoRI numbering, rt1 at nt 130).
std::string genome(char genotype);

//!\brief 0-based offset of the first base of rt codon n in a panel genome.
constexpr std::size_t rt_offset(int const n)
{
    return 129 + 3 * static_cast<std::size_t>(n - 1);
}

//!\brief The panel's reference genome of `genotype` (alignment reference and ref_aa source).
reference_genome const & genotype_reference(char genotype);

//!\brief A projected alignment whose window is the whole genome `ref`, aligned to it base for
//! base: tests edit its bases to build the alignments they need without the aligner.
projected_alignment identity_alignment(reference_genome const & ref);

//!\brief Make the sample of `aln` end before window index `from`: later bases are not reached.
void end_before(projected_alignment & aln, std::size_t from);

//!\brief Replace rt codon n with `codon`.
std::string with_rt_codon(std::string g, int n, std::string const & codon);

//!\brief rt codon `from` (first base) .. rt codon `to` (last base) of a genome, plus `flank` nt either side.
std::string rt_region(std::string const & g, int from = 1, int to = 344, int flank = 0);

//!\brief Reverse complement.
std::string revcomp(std::string const & s);

//!\brief Run the library pipeline on one sequence.
sample_report analyze(std::string const & sequence, std::string const & name = "sample");

//!\brief Result of running the hbvdr binary.
struct cli_result
{
    int exit_code{-1};
    std::string out;
    std::string err;
};
//!\brief Run the built hbvdr binary with arguments (shell-quoted here), optional stdin file.
cli_result run_hbvdr(std::vector<std::string> const & args, std::string const & stdin_file = {});
//!\brief Run another copy of hbvdr (e.g. one moved out of its build tree), like run_hbvdr().
cli_result run_binary(std::filesystem::path const & binary,
                      std::vector<std::string> const & args,
                      std::string const & stdin_file = {});

//!\brief A fresh empty directory under the system temp dir, removed by the destructor.
class temp_dir
{
public:
    temp_dir();
    ~temp_dir();
    temp_dir(temp_dir const &) = delete;
    temp_dir & operator=(temp_dir const &) = delete;
    std::filesystem::path const & path() const noexcept
    {
        return m_path;
    }
    std::filesystem::path operator/(std::string const & name) const
    {
        return m_path / name;
    }

private:
    std::filesystem::path m_path;
};

std::string read_text(std::filesystem::path const & p);
void write_text(std::filesystem::path const & p, std::string const & text);

//!\brief Directory with committed test inputs (tests/data).
std::filesystem::path test_data_dir();

} // namespace hbvdr::test
