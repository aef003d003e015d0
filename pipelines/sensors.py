"""A sensor that notices new, changed or removed files in the corpus and processes their batches."""

import dagster as dg

from assets.partitions import corpus_batches
from baochi.batches import apply_plan, plan_batches
from baochi.storage import delete_partition
from pipelines.jobs import ingest_batch_job, refresh_job
from pipelines.resources import BaochiPaths


def plan_requests(paths: BaochiPaths) -> tuple[list[dg.RunRequest], list, str]:
    """Plan the corpus into batches (storing manifests); the run and partition requests it needs."""
    plan = plan_batches(paths.corpus, paths.warehouse)
    if not plan.dirty and not plan.removed:
        return [], [], plan.summary()
    apply_plan(paths.warehouse, plan)
    for key in plan.removed:
        delete_partition(paths.warehouse, key)
    runs = [dg.RunRequest(run_key=f"{key}-{_stamp(files)}", partition_key=key, job_name=ingest_batch_job.name,
                          tags={"baochi/files": str(len(files))}) for key, files in sorted(plan.dirty.items())]
    partitions = [corpus_batches.build_add_request(sorted(plan.dirty))]
    if plan.removed:
        partitions.append(corpus_batches.build_delete_request(plan.removed))
        runs.append(dg.RunRequest(run_key=f"removed-{'-'.join(plan.removed)}", job_name=refresh_job.name))
    return runs, partitions, plan.summary()


def _stamp(files) -> str:
    import hashlib

    return hashlib.sha256(repr(files).encode()).hexdigest()[:12]


def build_corpus_sensor(minimum_interval_seconds: int = 60) -> dg.SensorDefinition:
    @dg.sensor(
        name="corpus_files_sensor",
        jobs=[ingest_batch_job, refresh_job],
        minimum_interval_seconds=minimum_interval_seconds,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Polls the corpus folder; new or changed files become batch runs (the corpus-level "
        "assets follow by their automation condition), removed files drop their batches.",
    )
    def corpus_files_sensor(context: dg.SensorEvaluationContext, paths: BaochiPaths):
        if not paths.corpus.is_dir():
            return dg.SkipReason(f"corpus folder {paths.corpus} does not exist")
        runs, partitions, summary = plan_requests(paths)
        if not runs:
            return dg.SkipReason(f"no change: {summary}")
        context.log.info(summary)
        return dg.SensorResult(run_requests=runs, dynamic_partitions_requests=partitions)

    return corpus_files_sensor
