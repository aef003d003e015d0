"""Celery: the per-batch job with each step sent to Celery workers, on this machine or others.

`ingest_batches_celery` runs the same partitioned assets as `ingest_batches`; every step becomes a
Celery task on the `dagster` queue of the broker (BAOCHI_CELERY_BROKER, else a local Redis). Workers:

    DAGSTER_HOME=... dagster-celery worker start -A dagster_celery.app -y pipelines/celery.yaml

They must share the Dagster instance (DAGSTER_HOME; Postgres storage across machines), the code and
BAOCHI_CORPUS / BAOCHI_WAREHOUSE (the same files: shared storage across machines) with the launcher.
`python -m pipelines.celery` plans the corpus into batches, registers them as partitions and prints
the keys to process, for `dagster job backfill -m pipelines.celery -j ingest_batches_celery --partitions`;
`python -m pipelines.celery --wait` waits for the job's runs to end (the backfill command does not).
"""

from __future__ import annotations

import os
import sys
import time

import dagster as dg
from dagster._core.execution.retries import RetryMode
from dagster_celery.executor import CELERY_CONFIG, CeleryExecutor

from assets.partitions import corpus_batches
from baochi.batches import apply_plan, plan_batches
from baochi.storage import delete_partition
from pipelines.jobs import PARTITIONED
from pipelines.resources import BaochiPaths

DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
JOB_NAME = "ingest_batches_celery"


def broker_url() -> str:
    """BAOCHI_CELERY_BROKER, else a Redis on this machine."""
    return os.environ.get("BAOCHI_CELERY_BROKER") or DEFAULT_BROKER


def backend_url() -> str:
    """BAOCHI_CELERY_BACKEND, else the broker (Redis stores the step results too)."""
    return os.environ.get("BAOCHI_CELERY_BACKEND") or broker_url()


# dagster-celery's schema, with no fixed backend default: unset broker/backend come from the env.
CONFIG = {
    **CELERY_CONFIG,
    "backend": dg.Field(dg.Noneable(dg.StringSource), is_required=False,
                        description="Celery result backend; default BAOCHI_CELERY_BACKEND, else the broker."),
}
CONFIG["broker"] = dg.Field(dg.Noneable(dg.StringSource), is_required=False,
                            description=f"Celery broker; default BAOCHI_CELERY_BROKER, else {DEFAULT_BROKER}.")


@dg.executor(name="celery", config_schema=CONFIG, requirements=dg.multiple_process_executor_requirements())
def celery_executor(init_context: dg.InitExecutorContext) -> CeleryExecutor:
    """dagster_celery's celery_executor, with the broker and backend defaulting to the environment."""
    config = init_context.executor_config
    return CeleryExecutor(
        broker=config.get("broker") or broker_url(),
        backend=config.get("backend") or backend_url(),
        include=config.get("include"),
        config_source=config.get("config_source"),
        retries=RetryMode.from_config(config["retries"]),
    )


ingest_celery_job = dg.define_asset_job(
    JOB_NAME,
    selection=PARTITIONED,
    executor_def=celery_executor,
    description="Ingest one batch and extract its facts, each step on a Celery worker (a backfill spreads "
    "batches over every worker listening on the broker).",
)


@dg.definitions
def celery_location() -> dg.Definitions:
    """`-m pipelines.celery`: the project's definitions, with the Celery job added when they lack it."""
    from pipelines.definitions import defs

    if any(getattr(job, "name", None) == JOB_NAME for job in defs.jobs or []):
        return defs
    return dg.Definitions.merge(defs, dg.Definitions(jobs=[ingest_celery_job]))


def plan_partitions(paths: BaochiPaths, instance: dg.DagsterInstance, **limits) -> list[str]:
    """Plan the corpus into batches (as `make run` does) and register them; the keys to (re)process."""
    plan = plan_batches(paths.corpus, paths.warehouse, **limits)
    apply_plan(paths.warehouse, plan)
    for key in plan.removed:
        delete_partition(paths.warehouse, key)
        if instance.has_dynamic_partition(corpus_batches.name, key):
            instance.delete_dynamic_partition(corpus_batches.name, key)
    known = set(instance.get_dynamic_partitions(corpus_batches.name))
    instance.add_dynamic_partitions(corpus_batches.name, [k for k in sorted(plan.dirty) if k not in known])
    print(f"corpus {paths.corpus}: {plan.summary()}", file=sys.stderr)
    return sorted(plan.dirty)


def wait_for_runs(instance: dg.DagsterInstance, timeout: float = 3600, poll: float = 1.0) -> list[dg.DagsterRun]:
    """Wait until no run of the Celery job is queued or running; its runs, newest first."""
    deadline = time.monotonic() + timeout
    while True:
        runs = instance.get_runs(dg.RunsFilter(job_name=JOB_NAME))
        if all(run.is_finished for run in runs):
            return runs
        if time.monotonic() > deadline:
            raise TimeoutError(f"{JOB_NAME}: runs still going after {timeout:.0f} s")
        time.sleep(poll)


if __name__ == "__main__":
    with dg.DagsterInstance.get() as instance:  # $DAGSTER_HOME: the instance the workers share
        if "--wait" in sys.argv[1:]:
            failed = [r.run_id for r in wait_for_runs(instance) if r.status != dg.DagsterRunStatus.SUCCESS]
            sys.exit(f"{len(failed)} run(s) did not succeed: {', '.join(failed)}" if failed else 0)
        print(",".join(plan_partitions(BaochiPaths.from_env(), instance)))
