"""Pages of the places app: cities (with capacity and offices) and the service directory."""
