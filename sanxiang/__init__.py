"""sanxiang (三项): the three systems of administrative law enforcement."""
