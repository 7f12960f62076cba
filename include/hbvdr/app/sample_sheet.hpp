#pragma once

//!\file
//!\brief Sample sheets: one sample per row, with its files and treatment context.
//!
//! Tab-separated, a header line naming the columns; `#` lines and blank lines are ignored.
//! Required columns: `sample` (name) and `files` (one FASTA with one sequence, one SAM/BAM/CRAM, one
//! FASTQ, or a FASTQ pair `R1;R2`; paths relative to the sheet's directory). Optional: `history`
//! (drugs taken, in order: `LAM,ADV`) and `hbeag` (`positive`, `negative` or empty). Other columns
//! are ignored. A UTF-8 byte-order mark is skipped. A row without a sample name is an error row
//! (named `unnamed_line<N>`).

#include <filesystem>
#include <string>
#include <vector>

namespace hbvdr
{

struct sheet_row
{
    std::size_t line{0};
    std::string sample;
    std::vector<std::string> files; //!< Resolved against the sheet's directory.
    std::string history;
    std::string hbeag;   //!< "positive", "negative" or "".
    std::string problem; //!< A row-level problem (becomes that sample's error row), e.g. a bad hbeag value.
};

struct sample_sheet
{
    std::filesystem::path path;
    std::vector<sheet_row> rows;
    std::vector<std::string> ignored_columns;
};

//!\brief Read a sheet; throws input_error (with file:line) if it cannot be read or has no sample/files columns.
sample_sheet read_sample_sheet(std::filesystem::path const & path);

} // namespace hbvdr
