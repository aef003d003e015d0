"""Reference entities, alias matching and entity resolution (pure code)."""
