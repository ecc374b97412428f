"""Words the URLconf already uses where an object's code goes (issue 9, §7).

Pages and endpoints address an indicator or a reporting form by its code (``/chi-tieu/<code>/``,
``/api/v1/indicators/{code}``), next to fixed routes under the same prefix (``/chi-tieu/them/``,
``/chi-tieu/bang/``, ``/api/v1/indicators/values``). A code equal to such a word could never be
opened. The words are read from the URLconf itself, so a route added later is reserved too.
"""

from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    found: list[str] = []
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            found += _routes(entry.url_patterns, route)
        else:
            found.append(route)
    return found


@cache
def _all_routes() -> tuple[str, ...]:
    return tuple("/" + r for r in _routes(get_resolver().url_patterns))


def route_words(prefix: str) -> frozenset[str]:
    """The literal path segments (lower case) that directly follow ``prefix`` (``/chi-tieu/``)
    in any route: the words a code shown at ``prefix<code>/`` must not take."""
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    words = set()
    for route in _all_routes():
        if route.startswith(prefix):
            word = route[len(prefix) :].split("/", 1)[0]
            if word and "<" not in word and "{" not in word:
                words.add(word.lower())
    return frozenset(words)


def reserved_for(*url_names: str) -> frozenset[str]:
    """Route words under the prefixes of the named URLs (each name a list page, e.g.
    ``indicators:index``, whose path is the prefix of the object pages)."""
    words: set[str] = set()
    for name in url_names:
        words |= route_words(reverse(name))
    return frozenset(words)


def route_word_error(code: str, *url_names: str, what: str) -> str:
    """The Vietnamese message refusing ``code`` when it equals a route word under the prefixes
    of ``url_names`` (case-insensitive), else "". ``what`` names the object (``Mã chỉ tiêu``)."""
    words = reserved_for(*url_names)
    if code.strip().lower() not in words:
        return ""
    listed = ", ".join(f"“{w}”" for w in sorted(words))
    return (
        f"{what} “{code.strip()}” trùng với một địa chỉ cố định của hệ thống ({listed}); "
        "hãy chọn mã khác."
    )
