"""Registry pages, one module per part; registry/urls.py routes them."""
