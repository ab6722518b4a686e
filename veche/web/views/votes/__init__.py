"""Pages of the votes area."""
