"""A daily refresh, for a corpus folder that a scraper fills during the day."""

import dagster as dg

from pipelines.jobs import ingest_batch_job
from pipelines.resources import BaochiPaths


@dg.schedule(
    name="daily_refresh",
    cron_schedule="0 3 * * *",
    execution_timezone="Asia/Ho_Chi_Minh",
    job=ingest_batch_job,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Every day at 03:00 Vietnam time: plan the corpus into batches and process the new or "
    "changed ones (what the sensor does, for deployments that run schedules but not sensors).",
)
def daily_refresh(context: dg.ScheduleEvaluationContext, paths: BaochiPaths):
    from pipelines.sensors import plan_requests

    runs, partitions, summary = plan_requests(paths)
    for request in partitions:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            context.instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    return runs or dg.SkipReason(f"no change: {summary}")
