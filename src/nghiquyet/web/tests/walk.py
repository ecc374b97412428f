"""Walk the pages a user can reach and list what each one offers (links, forms, htmx calls).

Used by the tests that check a page offers only what its user may do: every offered address
is then requested as that user and must not answer 403.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import reverse

# Requests every signed-in user may send from any page: sign out, pick the working unit,
# change the language, manage one's own API keys and notifications.
PERSONAL = (
    "web:logout",
    "web:switch_org",
    "set_language",
    "accounts:profile",
    "notifications:preferences",
    "notifications:mark_all_read",
)
SKIPPED_PREFIXES = ("/static/", "/api/", "/quan-tri-he-thong/", "/dang-xuat/")


@dataclass(frozen=True)
class Offer:
    """Something a page offers: ``kind`` is ``link``, ``get``, ``post`` (a form) or ``htmx``."""

    kind: str
    url: str
    page: str


class _Offers(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.found: list[Offer] = []

    def _add(self, kind: str, target: str | None) -> None:
        if target is None or target.startswith(("#", "mailto:", "javascript:")):
            return
        self.found.append(Offer(kind, urljoin(self.page, target), self.page))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a":
            self._add("link", a.get("href"))
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            self._add("post" if method == "post" else "get", a.get("action") or self.page)
        for attr in ("hx-get", "hx-post"):
            self._add("htmx", a.get(attr))


def offers_in(html: str, page: str) -> list[Offer]:
    parser = _Offers(page)
    parser.feed(html)
    return parser.found


def local_path(url: str) -> str | None:
    """The path and query of a link to this site, or None for another site or a skipped area."""
    parts = urlsplit(url)
    if (
        parts.netloc
        and parts.netloc not in ("testserver",)
        and not parts.netloc.startswith(("127.0.0.1", "localhost"))
    ):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def shape(path: str) -> str:
    """Pages of the same kind (one task, another task) share a shape: digits become N."""
    return re.sub(r"[0-9]+", "N", path.split("?")[0])


def personal_paths() -> set[str]:
    return {reverse(name) for name in PERSONAL}


def walk(
    fetch: Callable[[str], tuple[int, str]], start: str = "/", per_shape: int = 2, limit: int = 150
) -> Iterator[tuple[str, int, list[Offer]]]:
    """Breadth-first over the pages ``fetch`` (path → status, HTML) reaches from ``start``.

    At most ``per_shape`` pages of each shape and ``limit`` pages in all are opened; yields
    each page's path, status and offers.
    """
    queue, seen, shapes = [start], set(), {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        key = shape(path)
        if path in seen or shapes.get(key, 0) >= per_shape:
            continue
        seen.add(path)
        shapes[key] = shapes.get(key, 0) + 1
        status, html = fetch(path)
        found = offers_in(html, path) if status == 200 else []
        yield path, status, found
        for offer in found:
            target = local_path(offer.url)
            if offer.kind in ("link", "get") and target and target not in seen:
                queue.append(target)
