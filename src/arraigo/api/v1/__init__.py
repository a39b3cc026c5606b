"""Version 1 of the REST API (docs/api.md): django-ninja over the same selectors and services
as the web pages. `api` is the NinjaAPI; `arraigo.api.urls` mounts it at /api/v1/."""
