#pragma once

//!\file
//!\brief Private to app: the unit of work of `hbvdr analyze` (one sample to analyse from a consensus
//! sequence or from reads, an input that failed, or a sample reused from --resume) and batches of them.

#include <string>
#include <vector>

#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/ngs/ngs.hpp>
#include <hbvdr/report/model.hpp>

#include "resume_part.hpp"

namespace hbvdr::detail
{

//!\brief One sample of the run, as the workers get it.
struct job
{
    //!\brief What the worker does with the sample.
    enum class type
    {
        sequence, //!< Analyse `seq`.
        reads,    //!< Analyse `reads`.
        failed,   //!< Report `failed` (an input that could not be read).
        cached    //!< Reuse `cached` (--resume).
    };
    type t{type::sequence};
    std::size_t index{0}; //!< 1-based place in the run (over every sample, inside --records or not).
    std::string stem;     //!< File stem of the sample's own files (only when it gets files or --resume).
    std::string key;      //!< --resume: identifies the sample's inputs and the run's settings.
    sample_input seq;     //!< The consensus sequence (type::sequence).
    reads_input reads;    //!< The read files and their sample-sheet context (type::reads).
    sample_report failed; //!< The error row (type::failed).
    cached_sample cached; //!< The sample of the earlier run (type::cached).
};

//!\brief Samples handed to one worker at a time (many small ones, or one read sample).
struct batch
{
    std::vector<job> jobs; //!< In run order.
};

} // namespace hbvdr::detail
