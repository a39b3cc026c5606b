"""Relocation: trips, group departures, arrival, lodging, cash grants, budget and ledger."""
