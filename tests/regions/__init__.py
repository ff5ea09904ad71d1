"""Region pages and region-wide policy settings."""
