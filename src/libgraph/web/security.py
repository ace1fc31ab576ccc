"""Response headers that keep the explorer safe to open in any browser.

No page has an inline script: behaviour lives in static files and data travels in
``<script type="application/json">`` blocks (which browsers never execute), so the policy can
say ``script-src 'self'``. Styles allow ``'unsafe-inline'`` because the vendored YASGUI and
CodeMirror set style attributes from their own code; no user input reaches a style.
"""

from __future__ import annotations

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
