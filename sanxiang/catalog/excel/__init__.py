"""Excel (.xlsx) export and import of an agency's catalog lists. ``columns`` defines the sheets,
``export`` writes them, ``imports`` reads them through the catalog actions."""
