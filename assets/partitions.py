"""The corpus is processed in batches of files; each batch is a dynamic partition (see baochi.batches)."""

import dagster as dg

corpus_batches = dg.DynamicPartitionsDefinition(name="corpus_batches")
