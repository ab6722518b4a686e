"""The three real passports of the seeds, shipped with the package for the demo."""
