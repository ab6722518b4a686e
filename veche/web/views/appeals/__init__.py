"""Pages of the appeals area."""
