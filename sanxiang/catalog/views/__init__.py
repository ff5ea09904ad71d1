"""Catalog pages: the public portal (public.py) and the staff maintenance pages (manage_*.py)."""
