#!/bin/sh
# Snakemake --cluster-status command for the tests (jobs of local-submit.sh): prints running,
# success or failed for a job id.
#   local-status.sh JOBID
set -eu
exit_file=.cluster-jobs/$1.exit
if [ ! -e "$exit_file" ]; then
    echo running
elif [ "$(cat "$exit_file")" = 0 ]; then
    echo success
else
    echo failed
fi
