"""The debate pages, one module per concern; `argmap/debates/urls.py` is their only importer."""
