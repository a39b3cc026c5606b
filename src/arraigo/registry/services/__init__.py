"""Every write on the registry. Import services from here."""
