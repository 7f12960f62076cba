#pragma once

//!\file
//!\brief The NGS read path: SAM/BAM/CRAM and FASTQ reads to per-codon amino-acid frequencies.
//!
//! Reads are counted as whole codons (rt1..rt344 and s1..s226 from the same read bases), per
//! molecule (overlapping mates once), into fixed-size tables: memory does not grow with depth.
//! See docs/ngs.md for every threshold and rule.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/calls/calls.hpp>
#include <hbvdr/ngs/options.hpp>
#include <hbvdr/ngs/result.hpp>
#include <hbvdr/reference/reference.hpp>

namespace hbvdr
{

namespace ngs_detail
{
class codon_counter;
} // namespace ngs_detail

//!\brief What an input file holds, detected from its content (not its name).
enum class input_kind
{
    fasta,
    fastq,
    sam,
    bam,
    cram,
    unknown
};
std::string_view to_string(input_kind k) noexcept;

/*!\brief Detect the kind of an input from its first bytes (gzip/BGZF decompressed): BAM and CRAM
 * magic, a SAM header line or tab-separated record, '>' or ';' FASTA, '@' FASTQ (after a UTF-8
 * byte-order mark); an empty or blank file is fasta (the FASTA reader finds no record). "-"
 * (standard input) is reported as fasta (standard input is read by the FASTA reader). Throws
 * input_error if the file cannot be opened or is none of these, saying what it is instead
 * ("not FASTA, FASTQ, SAM, BAM or CRAM: binary content (NUL bytes)", "UTF-16 text", ...).
 */
input_kind detect_input_kind(std::string const & path);

//!\brief One NGS sample: an alignment file, or one FASTQ file, or a FASTQ pair.
struct ngs_input
{
    std::string name;                 //!< Sample name (unique in the run).
    std::vector<std::string> paths;   //!< One path, or R1 and R2 of a FASTQ pair.
    std::vector<std::string> display; //!< Paths as shown in outputs.
    input_kind kind{input_kind::bam};
    std::vector<std::string> input_warnings; //!< Warnings about the input itself (e.g. a renamed sample).
};

//!\brief The reads of one sample counted as whole codons on a window of one panel reference.
struct read_counts
{
    //! Input kind, files, thresholds, read accounting and contig placement: as far as counting got,
    //! also when it failed.
    ngs_result result;
    std::vector<std::string> warnings; //!< Notes on the input (e.g. a missing index), one sentence each.
    std::string error;        //!< Why the reads gave no counts (unreadable, truncated, unplaceable); "" if none.
    std::size_t ref_index{0}; //!< Panel index of the reference the reads were placed on.
    int window_start{0};      //!< 0-based genome offset of the counted window on that reference.
    std::shared_ptr<ngs_detail::codon_counter const> counter; //!< The count tables (null when `error` is set).
};

/*!\brief Count the reads of one sample: detect aligned or unaligned input, place the contigs (or
 * align the reads), count whole codons per molecule. Never throws for a bad sample: an unreadable,
 * truncated or unplaceable input comes back with `error` set.
 */
read_counts
count_reads(ngs_input const & input, reference_set const & refs, aligner const & align, ngs_options const & opts);

//!\brief Calls from counted reads against one panel reference.
struct ngs_calls
{
    call_table calls;                    //!< Depth, frequencies and reported amino acids per RT and S codon.
    std::vector<mutation_row> mutations; //!< One row per reported non-reference amino acid (and deletion).
    //! The IUPAC consensus over the counted window as an alignment (method "reads", no query positions;
    //! 'N' below min_depth, '.' where no read reaches): what genotyping and QC read.
    projected_alignment window;
    std::size_t reference{0}; //!< Panel index of the reference the calls are made against.
    ngs_result result;        //!< The counts' result with linkage, indel counts, filtered variants and the consensus.
};

/*!\brief Call amino acids from counted reads (error model, strand check) against panel reference
 * `reference`, with mutation rows, linkage haplotypes and the consensus. `counts` must hold counts
 * (no error).
 */
ngs_calls call_codons(read_counts const & counts, std::size_t reference, reference_set const & refs);

//!\brief The thresholds as one sentence ("amino acids reported from 2.0% at depth >= 100 (whole codons, ...)").
//! `per_sample`: the wording of a sample's QC note (every base, read pairs once), else the run's summary line.
std::string describe_thresholds(ngs_thresholds const & th, bool per_sample);

/*!\brief Make htslib never fetch CRAM references over the network (REF_PATH set to a local path
 * unless the user set it) and keep it from printing (hbvdr reports every problem itself).
 * Call once before the first htslib call (input detection) and before threads start (it calls setenv).
 */
void ngs_prepare_htslib();

/*!\brief Group command-line inputs into samples: two FASTQ files whose names differ only in
 * `_R1`/`_R2` (or `_1`/`_2`) before the extension, given next to each other, form one pair.
 * Returns index groups into `paths` (size 1 or 2) in input order.
 */
std::vector<std::vector<std::size_t>> pair_fastq_inputs(std::vector<std::string> const & paths,
                                                        std::vector<input_kind> const & kinds);

//!\brief Sample name of an NGS input: file name without extensions (and without _R1/_1 for a pair).
std::string ngs_sample_name(std::string const & path, bool pair);

} // namespace hbvdr
