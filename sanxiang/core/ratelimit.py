"""A fixed-window rate limiter on the Django cache (Redis in production, memory in one process).

Used for public lookups (certificate verification) so that the portal cannot be scraped for the
whole officer register by guessing numbers, and for the public uploads and requests that cost the
server work or staff time (case-file verification, correction requests)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from sanxiang.core import clock
from sanxiang.core.errors import DomainError


class RateLimited(DomainError):
    """Too many requests from one client or on one object within a window (429)."""

    status = 429


class Busy(DomainError):
    """The server is doing as much of this work as it may at once: try again later (503)."""

    status = 503


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind ``TRUSTED_PROXIES`` reverse proxies, each of which appends the
    address it received from to X-Forwarded-For, the client is the entry that many hops from the
    right; anything further left was written by the client and is not believed. With no trusted
    proxy (the default) the header is ignored: anyone could send it to dodge a limit."""
    remote = str(request.META.get("REMOTE_ADDR", "unknown"))
    hops = int(getattr(settings, "TRUSTED_PROXIES", 0))
    if hops <= 0:
        return remote
    forwarded = [
        part for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()
    ]
    chain = [*forwarded, remote]
    # chain[-1] is the nearest proxy; the client is the address the outermost trusted proxy saw.
    # A shorter chain means the request skipped a proxy: the leftmost entry is then the best known.
    candidate = chain[-(hops + 1)] if len(chain) > hops else chain[0]
    return _address(candidate) or remote


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
