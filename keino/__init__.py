"""The ``keino`` command: the one composition root of KEINO graph."""

from graph import __version__

__all__ = ["__version__"]
