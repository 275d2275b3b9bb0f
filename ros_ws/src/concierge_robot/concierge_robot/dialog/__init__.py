"""Dialog engine: Korean-first intent and slot understanding over content/ (plain Python)."""
