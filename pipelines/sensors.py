"""A sensor that starts a refresh when files are added to, changed in or removed from the corpus."""


import json

import dagster as dg

from baochi.ingest import corpus_fingerprint
from pipelines.jobs import refresh_job
from pipelines.resources import BaochiPaths


def build_corpus_sensor(minimum_interval_seconds: int = 60) -> dg.SensorDefinition:
    @dg.sensor(
        name="corpus_files_sensor",
        job=refresh_job,
        minimum_interval_seconds=minimum_interval_seconds,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Polls the corpus folder; a new, changed or removed file triggers a refresh.",
    )
    def corpus_files_sensor(context: dg.SensorEvaluationContext, paths: BaochiPaths):
        if not paths.corpus.is_dir():
            return dg.SkipReason(f"corpus folder {paths.corpus} does not exist")
        digest, n_files = corpus_fingerprint(paths.corpus)
        before = json.loads(context.cursor) if context.cursor else {"digest": None, "n_files": 0}
        if digest == before["digest"]:
            return dg.SkipReason(f"no change in {n_files:,} files")
        context.update_cursor(json.dumps({"digest": digest, "n_files": n_files}))
        return dg.RunRequest(
            run_key=f"corpus-{digest}",
            tags={"baochi/corpus_files": str(n_files), "baochi/corpus_files_before": str(before["n_files"])},
        )

    return corpus_files_sensor
