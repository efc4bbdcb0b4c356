"""The one link policy: which addresses a note may hold, for the lint and the site alike (pure).

Two kinds of address, one rule each, so that what the lint passes the site shows:

- a front-matter address (`url`, `code`) becomes a button on the paper's card: it must be an
  absolute http(s) address with a host, and hold no character that would break out of an HTML
  attribute or needs percent-encoding (`field_problem`; `field_url` is the card's reader);
- a link in a note's body (Markdown links, autolinks, HTML `href`/`src`) reaches the page
  through the sanitiser, which keeps relative addresses and the schemes in `BODY_SCHEMES`
  only (`body_scheme_problem` names any other scheme; `sanitize` uses `BODY_SCHEMES` itself).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from typing import Any

FIELD_SCHEMES = frozenset({"http", "https"})
BODY_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset(  # HTML attributes whose value is an address (the rest are text)
    {"href", "src", "srcset", "action", "formaction", "cite", "poster", "background", "data"}
    | {"xlink:href", "ping", "longdesc", "manifest", "codebase", "lowsrc", "dynsrc", "icon"}
)

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_ESCAPED_PUNCT = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_PLAIN_HTTP = re.compile(
    r"https?://[A-Za-z0-9.\-]+(?::\d{1,4})?(?:[/?#][^\x00-\x20\x7f\s\\&<>\"'`{}]*)?\Z"
)
_SPACE = re.compile(r"\s")
_C0_AND_SPACE = "".join(map(chr, range(33)))
_HOST = re.compile(r"^(?:[^\x00-\x20#%/:<>?@\[\\\]^|\x7f\ufffd]+|\[[0-9A-Fa-f:.]+\])$")
_BIBTEX_UNSAFE = re.compile(r'[{}\\"]')  # they would break out of a BibTeX field too
_BREAKS_OUT = re.compile(r"[\x00-\x1f\x7f<>\"'`\\]")


def scheme(value: str) -> str | None:
    """The scheme a browser would see (entities decoded, escapes and invisible characters
    dropped, lower case), else None for a relative address."""
    text = _ESCAPED_PUNCT.sub("", html.unescape(value))
    text = _INVISIBLE.sub("", text).lower()
    match = _SCHEME.match(text)
    return match.group(1) if match else None


def body_scheme_problem(value: str) -> str | None:
    """The scheme of a body link the site would drop (`javascript`, `data`, `file`, ...), or
    None when the page keeps it (relative, http(s), mailto with a readable address)."""
    found = scheme(value)
    if found is None:
        return None
    if found not in BODY_SCHEMES:
        return found
    return None if _authority_ok(value, special=found in FIELD_SCHEMES) else f"hostless {found}"


def _authority_ok(value: str, special: bool) -> bool:
    """Whether a browser reads the host and port of an address: http(s) need a host
    (`http:x` is `http://x/`; `http:`, `http://:80`, `http://x:y` are none); another
    scheme's `//authority`, when it has one, may be empty but not a bare port."""
    text = html.unescape(value).replace("\x00", "\ufffd").strip(_C0_AND_SPACE)
    text = re.sub(r"[\t\n\r]", "", text)  # what a browser drops (HTML turns NUL into U+FFFD)
    rest = text.split(":", 1)[1]
    if special:
        rest = rest.lstrip("/\\")
    elif rest.startswith("//"):
        rest = rest[2:]
    else:
        return True
    authority = re.split(r"[/?#\\]" if special else r"[/?#]", rest, maxsplit=1)[0]
    _, at, authority = authority.rpartition("@")
    host, _, port = authority.rpartition(":") if ":" in authority else (authority, "", "")
    if not host and not special:
        return not (at or port or ":" in authority)
    if not _HOST.match(host) or (port and not port.isdigit()):
        return False
    return not port or int(port) <= 65535


def field_problem(value: str) -> tuple[str, str] | None:
    """(rule, reason) when a front-matter address is not one the card shows, else None."""
    if _PLAIN_HTTP.match(value):
        return None
    found = scheme(value)
    if found not in FIELD_SCHEMES:
        if found is None:
            return "url-scheme", "is not an http(s) address"
        return "url-scheme", f"uses a {found}: address; only http(s) addresses are allowed"
    text = value.strip()
    if _SPACE.search(text):
        return "url-syntax", "contains spaces (write them as %20)"
    if _BIBTEX_UNSAFE.search(text):
        return "url-syntax", 'contains { } \\ or " (write them %-encoded: %7B %7D %5C %22)'
    bad = _BREAKS_OUT.search(text)
    if bad is not None:
        char = bad.group(0)
        return "url-syntax", f"contains {char!r} (write it as %{ord(char):02X})"
    rest = re.sub(r"^[A-Za-z]+://", "", text)
    if rest == text:
        return "url-syntax", "needs // after the scheme (https://host/...)"
    host = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    if not host or host.startswith(":"):
        return "url-syntax", "has no host"
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port  # noqa: B018 (a bad port raises here)
    except ValueError:
        return "url-syntax", "is not a valid address (its host or port cannot be read)"
    if not parts.hostname:
        return "url-syntax", "has no host"
    return None


def field_url(value: Any) -> str | None:
    """A front-matter address as the card links it (trimmed), or None when it may not be."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text if text and field_problem(text) is None else None
