"""Template solutions knowledge base (seed 002: «проектные типовые решения» for questions that
come up at every meeting). `suggest_solutions` is the interface other parts of the appeals app
call (the staff registration form): it ranks solutions for a new appeal's text."""

from .suggest import suggest_solutions

__all__ = ["suggest_solutions"]
