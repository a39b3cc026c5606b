"""Registry forms, one module per part (households, people, registration, consent).

They only parse input; every write goes through registry.services."""
