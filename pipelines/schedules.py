"""A daily refresh, for a corpus folder that a scraper fills during the day."""

import dagster as dg

from pipelines.jobs import refresh_job

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_job,
    cron_schedule="0 3 * * *",
    execution_timezone="Asia/Ho_Chi_Minh",
    description="Every day at 03:00 Vietnam time, re-read the corpus and reload the warehouse.",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
