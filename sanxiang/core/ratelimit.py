"""A fixed-window rate limiter on the Django cache (Redis in production, memory in one process).

Used for public lookups (certificate verification) so that the portal cannot be scraped for the
whole officer register by guessing numbers."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from sanxiang.core import clock


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def hit(bucket: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one request; return True when it is within the limit."""
    window = int(clock.now().timestamp()) // window_seconds
    cache_key = f"rl:{bucket}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=window_seconds + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds + 1)
        return True
    return count <= limit
