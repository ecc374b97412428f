"""Every page's <title> is one line of plain text: a browser tab, a bookmark and a screen reader
all read it, so markup pasted into ``{% block title %}`` shows there as raw text."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

import nghiquyet
from nghiquyet.indicators.tests.helpers import make_indicator
from nghiquyet.orgs.models import OrgKind
from nghiquyet.reporting.services import form_create

TITLE_BLOCK = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.S)
LONGEST_TITLE = 200


def _templates() -> list[Path]:
    root = Path(nghiquyet.__file__).parent
    return sorted(p for p in root.glob("*/templates/**/*.html") if "{% extends" in p.read_text())


@pytest.mark.parametrize("path", _templates(), ids=lambda p: p.name)
def test_title_block_of_every_page_template_is_plain_text(path):
    for block in TITLE_BLOCK.findall(path.read_text()):
        assert "<" not in block and "\n" not in block, f"{path}: {block[:80]!r}"


class _Title(HTMLParser):
    """Collects the <title> element: its text and whether any tag opened inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.text, self.tags, self.count = False, "", [], 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self.inside, self.count = True, self.count + 1
        elif self.inside:
            self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text += data


def assert_plain_title(url: str, html: str) -> None:
    # The parser treats <title> as raw text (RCDATA), so pasted markup arrives as data.
    parser = _Title()
    parser.feed(html)
    assert parser.count == 1, url
    assert not parser.tags and "<" not in parser.text, f"{url}: {parser.text[:120]!r}"
    assert "\n" not in parser.text.strip(), f"{url}: {parser.text[:120]!r}"
    assert 0 < len(parser.text.strip()) <= LONGEST_TITLE, url


def _plain_routes(patterns: list, prefix: str = "") -> list[str]:
    """Every URL of the site that takes no argument (the admin and the API left out)."""
    urls = []
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern) or entry.pattern.converters:
            continue
        route = prefix + str(entry.pattern)
        if route.startswith(("api/", "quan-tri-he-thong/", "i18n/")):
            continue
        if isinstance(entry, URLResolver):
            urls += _plain_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            urls.append("/" + route)
    return urls


@pytest.fixture
def report_form(cast):
    indicator = make_indicator(cast.root, "KN-DV", organisation=cast.province)
    return form_create(
        actor=cast.tinhuy,
        owner=cast.province,
        code="BC-QUY-XA",
        name="Báo cáo quý của cấp xã",
        period_type="quy",
        indicators=[indicator],
        org_kinds=[OrgKind.DANG_UY_XA],
        deadline_days=15,
        grace_days=0,
    )


def _pages_with_objects() -> list[str]:
    return [
        reverse("orgs:detail", args=["P-CL"]),
        reverse("orgs:edit", args=["P-CL"]),
        reverse("accounts:members", args=["P-CL"]),
        reverse("audit:org", args=["P-CL"]),
        reverse("indicators:detail", args=["KN-DV"]),
        reverse("reporting:form", args=["BC-QUY-XA"]),
        reverse("reporting:edit_form", args=["BC-QUY-XA"]),
        reverse("reporting:grid", args=["BC-QUY-XA", "P-CL", "2025Q3"]),
    ]


def test_every_main_page_has_a_plain_text_title(client_for, report_form):
    client = client_for("tinhuy")
    checked = []
    for url in _plain_routes(get_resolver().url_patterns) + _pages_with_objects():
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue  # A redirect, a download, or a POST-only action: no page of its own.
        html = response.content.decode()
        if "<title" not in html:
            continue  # An htmx fragment.
        assert_plain_title(url, html)
        checked.append(url)
    assert reverse("reporting:form", args=["BC-QUY-XA"]) in checked
    assert len(checked) >= 15


def test_report_form_page_title_is_the_form_name(client_for, report_form):
    html = client_for("tinhuy").get(reverse("reporting:form", args=["BC-QUY-XA"])).content
    title = re.search(r"<title>(.*?)</title>", html.decode(), re.S)
    assert title is not None
    assert title.group(1).startswith("Báo cáo quý của cấp xã · ")
    assert "Ngoại lệ khóa số liệu" not in title.group(1)
