"""Services where two capabilities meet. Capabilities may not import each other, so a feature
that joins two of them (the expert council's shortlist becoming a resident vote) lives here: a
bridge may import capabilities and the core; it has no models and is not an app; only the
assembly layers (web, api, demo) import it. tests/test_architecture.py holds those rules."""
