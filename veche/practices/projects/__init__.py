"""A town's best-practices project: stages (stages.py, checklist.py), problems and initiatives
(services.py), bodies (bodies.py), expert evaluation and shortlist (expert.py), implementation
and evaluation (plans.py). Reads in selectors.py; demo/test rows in factories.py."""
