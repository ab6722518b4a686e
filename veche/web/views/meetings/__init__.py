"""Pages of the meetings area."""
