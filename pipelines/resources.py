"""The one resource every asset uses: where the corpus is and where the warehouse goes."""


from pathlib import Path

import dagster as dg

from baochi import config


class BaochiPaths(dg.ConfigurableResource):
    """Defaults come from BAOCHI_CORPUS / BAOCHI_WAREHOUSE / BAOCHI_MAX_BYTES when Dagster loads."""

    corpus_dir: str
    warehouse_dir: str
    max_bytes: int

    @classmethod
    def from_env(cls) -> "BaochiPaths":
        return cls(
            corpus_dir=config.corpus_dir(),
            warehouse_dir=config.warehouse_dir(),
            max_bytes=config.max_bytes(),
        )

    @property
    def corpus(self) -> Path:
        return config.resolve(self.corpus_dir)

    @property
    def warehouse(self) -> Path:
        return config.resolve(self.warehouse_dir)
