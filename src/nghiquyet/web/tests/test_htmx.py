"""The htmx rule: a swap gets the template's partial, a plain visit the whole page."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from nghiquyet.web.htmx import render_partial


def _request(**headers: str):
    request = RequestFactory().get("/trang/", headers=headers)
    request.user = AnonymousUser()
    request.session = {}
    request.htmx = HtmxDetails(request)  # What django-htmx's middleware sets on every request.
    return request


def test_render_partial_answers_htmx_with_the_region_only():
    context = {"results": []}
    plain = render_partial(_request(), "web/base.html", context, partial="switcher-results")
    swap = render_partial(
        _request(HX_Request="true"), "web/base.html", context, partial="switcher-results"
    )
    assert "<html" in plain.render().content.decode()
    html = swap.render().content.decode()
    assert "<html" not in html and "Không tìm thấy đơn vị." in html


def test_render_partial_keeps_the_status():
    response = render_partial(
        _request(HX_Request="true"), "web/base.html", {}, partial="switcher-results", status=422
    )
    assert response.status_code == 422
