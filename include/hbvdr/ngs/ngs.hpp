#pragma once

//!\file
//!\brief The NGS read path: SAM/BAM/CRAM and FASTQ reads to per-codon amino-acid frequencies.
//!
//! Reads are counted as whole codons (rt1..rt344 and s1..s226 from the same read bases), per
//! molecule (overlapping mates once), into fixed-size tables: memory does not grow with depth.
//! See docs/ngs.md for every threshold and rule.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/ngs/options.hpp>
#include <hbvdr/ngs/result.hpp>

namespace hbvdr
{

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
    std::vector<std::string> input_warnings;
    std::optional<treatment_context> context; //!< Overrides the run's context (sample sheets).
};

/*!\brief Analyse one NGS sample. Never throws for a bad sample: unreadable, truncated or
 * unplaceable inputs come back as a report with status error and the reason.
 */
sample_report analyze_ngs(ngs_input const & input, analysis_context const & ctx, ngs_options const & opts);

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
