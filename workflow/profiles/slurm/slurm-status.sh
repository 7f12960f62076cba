#!/bin/sh
# Snakemake --cluster-status for SLURM: prints running, success or failed for a job id given by
# `sbatch --parsable` ("ID" or "ID;CLUSTER"). Asks sacct (the accounting record, also after the
# job has left the queue), then squeue; a job neither knows yet counts as running.
#   slurm-status.sh JOBID
set -u
id=${1%%;*}
state=$(sacct -j "$id" -X --format=State --noheader --parsable2 2>/dev/null | head -n 1)
[ -n "$state" ] || state=$(squeue -j "$id" -h -o %T 2>/dev/null | head -n 1)
case "${state%% *}" in # "CANCELLED by 1234" -> CANCELLED
    COMPLETED) echo success ;;
    "" | PENDING | CONFIGURING | RUNNING | COMPLETING | REQUEUED | REQUEUE_HOLD | REQUEUE_FED | RESIZING | SUSPENDED | STAGE_OUT | SIGNALING)
        echo running ;;
    *) echo failed ;; # FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE
esac
