"""Metadata shown beside each materialisation in the Dagster UI: row count, path, a preview."""


from pathlib import Path

import dagster as dg
import polars as pl

PREVIEW_ROWS = 5
PREVIEW_CHARS = 60


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ").replace("|", "\\|")
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def markdown_preview(df: pl.DataFrame, rows: int = PREVIEW_ROWS) -> str:
    """The first rows as a Markdown table, long values cut, so the UI stays readable."""
    head = df.head(rows)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in head.iter_rows()]
    return "\n".join(lines)


def table_metadata(df: pl.DataFrame, path: Path) -> dict:
    return {
        "dagster/row_count": dg.MetadataValue.int(df.height),
        "path": dg.MetadataValue.path(str(path)),
        "preview": dg.MetadataValue.md(markdown_preview(df)),
    }


def progress_logger(context, label: str, unit: str, minimum_step: int = 100):
    """A callback(done, total) that logs about ten progress lines over a long step."""
    state = {"next": 0}

    def progress(done: int, total: int) -> None:
        if done >= state["next"] or done == total:
            context.log.info(f"{label}: {done:,}/{total:,} {unit}")
            state["next"] = done + max(minimum_step, total // 10)

    return progress
