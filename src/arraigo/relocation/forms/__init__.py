"""Relocation forms, one module per part (trips, lodging, grants, budget). They only parse input."""
