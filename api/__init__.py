"""KEINO graph HTTP service (FastAPI)."""
