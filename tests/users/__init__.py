"""Administrators' user-account and API-token pages."""
