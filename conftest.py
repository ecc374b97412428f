"""Shared fixtures: the persona cast and clients logged in as each persona."""

import os

os.environ.setdefault("NGHIQUYET_TESTING", "1")

import pytest
from django.test import Client

from nghiquyet.testing import PERSONAS, Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def client_for(cast: Cast):
    """``client_for("xa")`` is a Django test client logged in as that persona (CSRF enforced)."""

    def make(persona: str) -> Client:
        client = Client(enforce_csrf_checks=False)
        if persona != "anonymous":
            client.force_login(cast.persona(persona))
        return client

    return make


@pytest.fixture(params=PERSONAS)
def persona(request: pytest.FixtureRequest) -> str:
    return request.param


# Browser tests: Debian's Chromium driven by Playwright (no downloaded browser). They are
# skipped only when /usr/bin/chromium is absent and NGHIQUYET_REQUIRE_BROWSER is unset; CI sets
# it, so a missing browser fails there instead of passing silently.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(live_server, cast, request, monkeypatch):
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        if os.environ.get("NGHIQUYET_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium không có ở /usr/bin/chromium (cài gói chromium).")
        pytest.skip("Chromium chưa được cài; CI đặt NGHIQUYET_REQUIRE_BROWSER=1.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # fixtures around it are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        pg = context.new_page()
        pg.base_url = live_server.url
        yield pg
        # Let in-flight htmx requests finish: a request thread cut off mid-way keeps its
        # database connection open and blocks dropping the PostgreSQL test database.
        pg.wait_for_load_state("networkidle")
        shots = os.environ.get("NGHIQUYET_SCREENSHOTS")
        if shots:
            pg.screenshot(path=str(Path(shots) / f"{request.node.name}.png"), full_page=True)
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """A browser test that fails leaves a screenshot of its page in ``test-results/<test>.png``
    (the page is still open: fixtures are torn down after the call's report)."""
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and hasattr(page, "screenshot"):
        from pathlib import Path

        out = Path(item.config.rootpath) / "test-results"
        out.mkdir(exist_ok=True)
        try:
            page.screenshot(path=str(out / f"{item.name}.png"), full_page=True)
        except Exception as exc:  # a failed shot must not hide the test's own failure
            report.sections.append(("screenshot", f"Không chụp được màn hình: {exc}"))
    return report


@pytest.fixture
def login(page):
    """``login("xa")`` signs the browser in as that persona."""

    def sign_in(username: str) -> None:
        page.goto(page.base_url + "/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill("mat-khau-kiem-thu")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(page.base_url + "/")

    return sign_in


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a flushed database starts its data generations
    again, and a dashboard cached by an earlier test must not answer for the next one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
