"""Chromium loads the main pages under the Content-Security-Policy without a violation.

The policy (settings.CONTENT_SECURITY_POLICY) allows no inline script or style and no eval;
a page that relied on one (an inline handler, an htmx ``hx-on``, htmx's injected indicator
style) would log "Refused to ... Content Security Policy" and fire ``securitypolicyviolation``.
"""

import datetime as dt

import pytest
from django.urls import reverse

from nghiquyet.documents.models import Status
from nghiquyet.documents.services import DocumentInput, document_create
from nghiquyet.orgs.services import term_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
GRID = "/bao-cao/BC-QUY-XA/P-CL/2025Q3/"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


def _document(cast):
    term_create(
        actor=cast.root,
        organisation=cast.province,
        start_year=2025,
        end_year=2030,
        congress_to=dt.date(2025, 10, 15),
    )
    data = DocumentInput(
        scheme="dang",
        doc_type="ke_hoach",
        title="Kế hoạch thực hiện Nghị quyết",
        issue_date=dt.date(2025, 11, 3),
        status=Status.BAN_HANH,
    )
    return document_create(actor=cast.root, organisation=cast.province, data=data)


def test_main_pages_run_under_the_policy_without_violations(page, login, cast, form):
    document = _document(cast)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(page.base_url + "/dang-nhap/")
    seen = {"/dang-nhap/": page.evaluate("window.__cspViolations")}
    login("tinhuy")
    paths = [
        "/",
        GRID,
        reverse("documents:detail", args=[document.pk]),
        reverse("orgs:tree"),
        reverse("audit:org", args=["T-DT"]),
        "/api/v1/docs",  # Swagger UI, from our static files
    ]
    for path in paths:
        response = page.goto(page.base_url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        seen[path] = page.evaluate("window.__cspViolations")
    # The tree's htmx toggle (once an inline hx-on handler) still opens its branch.
    page.goto(page.base_url + reverse("orgs:tree"))
    toggle = page.get_by_role("button", name="Mở").first
    toggle.click()
    # A locator, not wait_for_function: a string predicate needs eval, which the policy refuses.
    page.locator("button.toggle[aria-expanded='true']").first.wait_for()
    seen["tree toggle"] = page.evaluate("window.__cspViolations")
    csp_console = [text for text in console if "Content Security Policy" in text]
    assert (csp_console, {p: v for p, v in seen.items() if v}) == ([], {})
