#!/bin/sh
# Snakemake --cluster submit command for the tests: runs the jobscript as a scheduler would, in the
# background and detached from Snakemake, and returns at once with a job id on stdout.
# Job state is kept in .cluster-jobs/ of the directory Snakemake runs in: ID.out (the job's output)
# and, once it has finished, ID.exit (its exit code), read by local-status.sh.
#   local-submit.sh JOBSCRIPT
set -eu
jobscript=$1
mkdir -p .cluster-jobs
id=$(mktemp -p .cluster-jobs job-XXXXXX)
rm -f "$id"
id=${id#.cluster-jobs/}
# Nothing of the job may hold Snakemake's pipe to this script: stdin, stdout and stderr redirected.
nohup sh -c 'sh "$1" >".cluster-jobs/$2.out" 2>&1; echo $? >".cluster-jobs/$2.exit.tmp"; mv ".cluster-jobs/$2.exit.tmp" ".cluster-jobs/$2.exit"' \
    job "$jobscript" "$id" </dev/null >/dev/null 2>&1 &
echo "$id"
