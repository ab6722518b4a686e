"""Document rendering shared by the capability apps: PDF pages with Cyrillic fonts (fpdf2),
QR codes (segno) and DOCX helpers (python-docx). A library, not an app: it has no models and
imports nothing from veche, so any app may use it (tests/test_architecture.py allows it)."""
