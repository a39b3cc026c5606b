"""Matching runs: proposals of a city and jobs per household, their review and reservations."""
