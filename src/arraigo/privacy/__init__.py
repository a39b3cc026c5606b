"""Erasure, anonymisation and retention of people's data (issue #15).

A coordinator asks for a household or one member to be erased, with a reason; a second
coordinator approves (or refuses) it; the erasure removes or overwrites every personal value
of the people concerned, pseudonymises the audit trail about them and keeps only aggregates
(ErasureRecord). Retention rules (the programme's retention.yaml) erase households due by age
through the same service (`arraigo retention`). See docs/security.md, "Erasure and retention".
"""
