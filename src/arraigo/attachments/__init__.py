"""Files on cases: scans of identity documents, signed consent forms, evidence of milestones
and papers of referrals, stored outside the web root and served only through a scoped view
(docs/files.md)."""
