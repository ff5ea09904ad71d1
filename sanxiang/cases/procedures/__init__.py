"""Procedures as data (ARCHITECTURE rule 2): one module per procedure, each a table of transitions
interpreted by ``engine``; the same tables list the allowed acts for the UI and draw the flowchart."""
