"""Deterministic, realistic demo data: `arraigo seed`."""
