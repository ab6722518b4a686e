"""Pages of the head's reception by appointment (veche/appeals/reception)."""
