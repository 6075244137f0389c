"""KEINO graph core: namespaces, IRIs, the Oxigraph store, queries, analytics."""

__version__ = "0.1.0"
