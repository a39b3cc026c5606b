"""Every write of the relocation app. Import from the modules: trips, lodging, grants, budget."""
