"""The map pages, one module per concern; `argmap/maps/urls.py` is their only importer."""
