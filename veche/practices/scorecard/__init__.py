"""The monthly KPI scorecard of the towns (seed 004, «Целевые показатели»): rules.py says how
each indicator and cut-off is computed, compute.py recomputes stored months, services.py takes
what staff and curators enter, selectors.py reads rankings and trends, export.py writes XLSX."""
