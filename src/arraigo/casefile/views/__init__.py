"""Case-file pages, one module per part; casefile/urls.py routes them."""
