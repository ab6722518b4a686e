"""Head meetings: services (plan, announce, hold, report), questions (each an appeal),
selectors (lists, the appeal map, where to go next), figures (the practice dashboard),
documents (posters, minutes) and factories (test and tenancy-walk rows)."""
