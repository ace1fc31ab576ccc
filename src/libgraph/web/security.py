"""Response headers that keep the explorer safe to open in any browser.

No page has an inline script: behaviour lives in static files and data travels in
``<script type="application/json">`` blocks (which browsers never execute), so the policy can
say ``script-src 'self'``. Styles allow ``'unsafe-inline'`` because the vendored YASGUI and
CodeMirror set style attributes from their own code; no user input reaches a style.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from typing import Any

from flask import Flask, Response

CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])


def add_security_headers(response: Response) -> Response:
    """Set CSP and the other hardening headers on every response."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
    """Register the header hook."""
    app.after_request(add_security_headers)


class RateLimit(logging.Filter):
    """At most ``burst`` records per logger and level in each ``window`` seconds; then one
    line saying how many were dropped. Errors a client can provoke must not fill the disk."""

    def __init__(self, burst: int = 20, window: float = 60.0) -> None:
        super().__init__()
        self.burst, self.window = burst, window
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, int], list[float]] = {}  # [window start, count, dropped]

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.levelno)
        now = time.monotonic()
        with self._lock:
            start, count, dropped = self._seen.get(key, [now, 0, 0])
            if now - start >= self.window:
                if dropped:
                    record.msg = f"({int(dropped)} similar records dropped) {record.msg}"
                start, count, dropped = now, 0, 0
            count += 1
            keep = count <= self.burst
            self._seen[key] = [start, count, dropped + (0 if keep else 1)]
        return keep


class OneLine(logging.Formatter):
    """Each record on one line: a traceback becomes its last frame and the error."""

    def formatException(self, ei: Any) -> str:
        kind, err, tb = ei
        frames = traceback.extract_tb(tb)
        where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        return f"{getattr(kind, '__name__', kind)}: {err}{where}"

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", " | ")


def quiet_logs() -> None:
    """Log to stderr one line per record, rate-limited (``libgraph serve``)."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(OneLine("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    for handler in root.handlers:
        if not any(isinstance(f, RateLimit) for f in handler.filters):
            handler.addFilter(RateLimit())
