"""The bank of practices: services (write), selectors (read), search, similar practices,
export to DOCX/PDF, the network map. Models in veche/practices/models/bank.py."""
