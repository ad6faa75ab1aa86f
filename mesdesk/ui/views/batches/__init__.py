"""The Batches area: filter bar, lazily paged batch list, detail panel and actions (§3)."""
