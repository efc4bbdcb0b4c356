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
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_ESCAPED_PUNCT = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_PLAIN_HTTP = re.compile(
    r"https?://[A-Za-z0-9.\-]+(?::\d{1,4})?(?:[/?#][^\x00-\x20\x7f\s\\&<>\"'`{}]*)?\Z"
)
_SPACE = re.compile(r"\s")
_C0_AND_SPACE = "".join(map(chr, range(33)))
_HOST = re.compile(r"^(?:[^\x00-\x20#%/:<>?@\[\\\]^|\x7f\ufffd]+|\[[0-9A-Fa-f:.]+\])$")
_OPAQUE_HOST = re.compile(r"^(?:[^\x00\t\n\r #/:<>?@\[\\\]^|]+|\[[0-9A-Fa-f:.]+\])$")
_HEX = re.compile(r"0[xX][0-9A-Fa-f]*")
_BIBTEX_UNSAFE = re.compile(r'[{}\\"]')  # they would break out of a BibTeX field too
_BREAKS_OUT = re.compile(r"[\x00-\x1f\x7f<>\"'`\\]")


def scheme(value: str, markdown: bool = False) -> str | None:
    """The scheme a browser would see, else None for a relative address: entities decoded
    (and, for a Markdown link's target, `markdown`, its backslash escapes dropped), then as
    the URL standard reads it (leading and trailing controls and spaces, and every tab and
    newline, ignored; a NUL is U+FFFD in HTML), lower case. `java script:` and
    `java\\0script:` are relative: no scheme; so is `javascript\\:` in an HTML attribute."""
    text = html.unescape(value)
    text = (_ESCAPED_PUNCT.sub("", text) if markdown else text).replace("\x00", "\ufffd")
    text = _TAB_OR_NEWLINE.sub("", text.strip(_C0_AND_SPACE)).lower()
    match = _SCHEME.match(text)
    return match.group(1) if match else None


def is_web(value: str) -> bool:
    """Whether an address is http(s), its scheme in any case (`HTTPS://…` too)."""
    return scheme(value) in FIELD_SCHEMES


def body_scheme_problem(value: str, markdown: bool = False) -> str | None:
    """The scheme of a body link the site would drop (`javascript`, `data`, `file`, ...), or
    None when the page keeps it (relative, http(s), mailto with a readable address).
    `markdown`: the value is a Markdown link's target (its backslash escapes are dropped)."""
    found = scheme(value, markdown)
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
    host, _, port = _host_and_port(authority)
    if not host and not special:
        return not (at or port or ":" in authority)
    if port and not port.isdigit():
        return False
    if not (_host_ok(host) if special else _OPAQUE_HOST.match(host)):
        return False
    return not port or int(port) <= 65535


def _host_and_port(authority: str) -> tuple[str, str, str]:
    """(host, ":", port) of an authority without its user; an IPv6 host keeps its colons."""
    if authority.startswith("[") and "]" in authority:
        end = authority.index("]") + 1
        if authority[end : end + 1] in ("", ":"):  # else no host: `[::1]x` is none
            return authority[:end], authority[end : end + 1], authority[end + 1 :]
    return authority.rpartition(":") if ":" in authority else (authority, "", "")


def _host_ok(host: str) -> bool:
    """Whether a browser reads an http(s) host: percent-decoded, no forbidden character,
    and an IPv4 address when it ends in a number (`.1`, `1.2.3.256` are none)."""
    text = urllib.parse.unquote(host)
    if not _HOST.match(text):
        return False
    return text.startswith("[") or not _ends_in_number(text) or _ipv4_ok(text)


def _ends_in_number(host: str) -> bool:
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    return bool(last) and ((last.isascii() and last.isdigit()) or bool(_HEX.fullmatch(last)))


def _ipv4_ok(host: str) -> bool:
    """The URL standard's IPv4 parser: up to four numbers (decimal, 0x hex, 0 octal), every
    one but the last below 256, the last filling the bytes that are left."""
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4 or "" in parts:
        return False
    numbers = [_ipv4_number(p) for p in parts]
    if any(n is None for n in numbers):
        return False
    values = [n for n in numbers if n is not None]
    return all(n < 256 for n in values[:-1]) and values[-1] < 256 ** (5 - len(values))


def _ipv4_number(part: str) -> int | None:
    radix, digits = 10, part
    if part[:2].lower() == "0x":
        radix, digits = 16, part[2:]
    elif len(part) > 1 and part.startswith("0"):
        radix, digits = 8, part[1:]
    if not digits:
        return 0
    allowed = "0123456789abcdef"[:radix]
    if not digits.isascii() or any(c not in allowed for c in digits.lower()):
        return None
    return int(digits, radix)


def field_problem(value: str) -> tuple[str, str] | None:
    """(rule, reason) when a front-matter address is not one the card shows, else None."""
    if _PLAIN_HTTP.match(value) and _host_ok(_field_host(value)):
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
    if not _host_ok(_field_host(text)):
        return "url-syntax", f"has a host browsers cannot read ({_field_host(text)!r})"
    return None


def _field_host(url: str) -> str:
    """The host of an http(s) address written with `//` (its user and port left out)."""
    rest = re.sub(r"^[A-Za-z]+://", "", url.strip())
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    return _host_and_port(authority)[0]


def field_url(value: Any) -> str | None:
    """A front-matter address as the card links it (trimmed), or None when it may not be."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text if text and field_problem(text) is None else None
