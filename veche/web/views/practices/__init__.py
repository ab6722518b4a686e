"""Pages of the practices area."""
