"""Page views, one module per audience: public, cabinet (a resident's own), office (staff),
registry (staff, personal data), curator (aggregates across towns), errors."""
