"""Source ingest: one module per source; parse, map (pure), load."""
