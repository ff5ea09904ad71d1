"""Periodic and background jobs (huey). Each task only calls an action; the worker is
``sanxiang run_huey``."""
