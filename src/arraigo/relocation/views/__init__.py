"""Relocation pages, one module per part; each module holds its own urlpatterns."""
