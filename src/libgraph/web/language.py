"""The reader's label language, chosen once (``?lang=``) and remembered in a cookie.

Both the app (which reads the choice and sets the cookie) and the response cache (which keys
pages on the cookie, and sets it on pages it serves without the app) use these few
definitions, so the cookie is written the same way whoever answers.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from .labelling import LANGUAGES

COOKIE = "lang"
MAX_AGE = 365 * 24 * 3600
_IN_COOKIES = re.compile(r"(?:^|;)\s*lang=([A-Za-z-]{1,8})\s*(?:;|$)")


def from_cookies(cookie_header: str) -> str:
    """The remembered language in a ``Cookie`` header, or ``""``."""
    found = _IN_COOKIES.search(cookie_header or "")
    return found.group(1) if found else ""


def _asked(query_string: str) -> str:
    if "lang=" not in query_string:
        return ""
    asked = parse_qs(query_string).get("lang", [""])[-1]
    return asked if asked in LANGUAGES else ""


def cache_key_part(query_string: str, cookie_header: str) -> str:
    """What a cached page's language depends on beyond its URL: nothing when ``?lang=``
    names a language (the URL says it), else the remembered choice."""
    return "" if _asked(query_string) else from_cookies(cookie_header)


def set_cookie_header(lang: str) -> str:
    """The ``Set-Cookie`` value that remembers ``lang``."""
    return f"{COOKIE}={lang}; Max-Age={MAX_AGE}; Path=/; HttpOnly; SameSite=Lax"


def to_remember(query_string: str, cookie_header: str) -> str | None:
    """The language to remember: ``?lang=`` when it is a known language other than the one
    remembered already; else None."""
    asked = _asked(query_string)
    return asked if asked and asked != from_cookies(cookie_header) else None


def is_lang_cookie(set_cookie_value: str) -> bool:
    """Whether a ``Set-Cookie`` value is this module's (the cache may drop and re-add it)."""
    return set_cookie_value.startswith(f"{COOKIE}=")
