"""Configuration stage, `baseURL`: the site's address, or "/" while it has none.

Every permalink, feed link, sitemap entry and redirect starts with it, so it must
be what a reader's browser can open: an `http` or `https` URL with a host
(`https://example.org/`, `https://me.github.io/blog/`, `http://localhost:1313/`).
An empty value or `/` means "not set", as when the key is missing: pages then link
by path only. Anything else (`example.org` without its scheme, `ftp://…`,
`javascript:…`, a path alone, spaces) is refused with a hint showing the form
that works, rather than ending up in every page's links.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

NOT_SET = "/"
_SCHEMES = ("http", "https")
# Characters a URL cannot hold as they are (RFC 3986), besides spaces and controls.
_BAD_CHARS = re.compile(r"[\x00-\x20\x7f\"<>\\^`{|}]")
_HOST = re.compile(r"^(?:[\w-]+(?:\.[\w-]+)*\.?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$")  # a name, or IPv6
_WITH_HOST = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//([^/?#\s]+)([^?#\s]*)")
_BARE_HOST = re.compile(r"^([\w-]+(?:\.[\w-]+)+(?::\d+)?)(/[^?#\s]*)?$")  # example.org/blog


def normalize_base_url(url: str) -> str:
    """The URL with the trailing slash every later stage expects; "/" when not set."""
    url = url.strip() or NOT_SET
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in _SCHEMES:
        url = scheme.lower() + sep + rest  # the URL rules match the scheme in lower case
    return url if url.endswith("/") else url + "/"


def base_url_problem(url: str) -> tuple[str, str] | None:
    """What is wrong with a baseURL, and a hint showing the form that works; None if fine."""
    if url.strip() in ("", NOT_SET):
        return None
    hint = f'write the site\'s whole address, such as "{_suggest(url)}" (or "/" while it has none)'
    if (bad := _BAD_CHARS.search(url)) is not None:
        what = "a space" if bad.group().isspace() or not bad.group() else repr(bad.group())
        return f"baseURL {url!r} has {what} in it, which a URL cannot hold", hint
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES:
        return f"baseURL {url!r} is not an http or https URL", hint
    try:
        parts.port  # noqa: B018 - only to see whether it is a number
    except ValueError:
        return f"baseURL {url!r} has a port that is not a number from 0 to 65535", hint
    if not parts.hostname or not _HOST.match(parts.hostname):
        return f"baseURL {url!r} has no host name after {parts.scheme}://", hint
    if parts.username is not None:
        return f"baseURL {url!r} has a user name in it, which every page would publish", hint
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return f"baseURL {url!r} has a query or fragment, which an address to add paths to cannot have", hint
    return None


def _suggest(url: str) -> str:
    """The https URL the user most likely meant, from the host and path they wrote."""
    url = re.sub(r"\s", "", url)
    host, path = "example.org", "/"
    if (m := _WITH_HOST.match(url)) is not None:
        host, path = m.group(1).rpartition("@")[2], m.group(2) or "/"
    elif (m := _BARE_HOST.match(url)) is not None:
        host, path = m.group(1), m.group(2) or "/"
    elif url.startswith("/") and not _BAD_CHARS.search(url):
        path = url.split("?")[0].split("#")[0]
    if _BAD_CHARS.search(host + path):
        host, path = "example.org", "/"
    if (port := re.search(r":([^:\]]*)$", host)) and not (port[1].isdigit() and int(port[1]) < 65536):
        host = host[: port.start()]  # a port that cannot be: leave it out
    return f"https://{host}{path if path.endswith('/') else path + '/'}"
