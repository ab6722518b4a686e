"""Pages of the projects area."""
