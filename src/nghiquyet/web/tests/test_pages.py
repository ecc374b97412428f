"""The shared form page, outside any app."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.web.pages import form_page

FIELDS = "web/form_fields.html"


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def _request(method: str = "get", data: dict | None = None, **headers: str):
    request = getattr(RequestFactory(), method)("/trang/", data or {}, headers=headers)
    request.user = AnonymousUser()
    request.session = {}
    request._messages = CookieStorage(request)
    return request


def _page(request, form, on_valid, **kwargs):
    return form_page(
        request,
        form,
        FIELDS,
        on_valid=on_valid,
        success_url=kwargs.pop("success_url", "/xong/"),
        success_message="Đã lưu.",
        **kwargs,
    )


def _never(data):
    raise AssertionError("the service must not run")


def test_get_shows_the_form_with_its_context_and_runs_nothing():
    response = _page(_request(), NameForm(), _never, context={"title": "Tên"})
    assert response.status_code == 200
    assert response.context_data["title"] == "Tên"
    assert isinstance(response.context_data["form"], NameForm)


def test_invalid_form_answers_422_without_running_the_service():
    request = _request("post", {"name": ""})
    response = _page(request, NameForm(request.POST), _never)
    assert response.status_code == 422


def test_service_errors_land_on_the_field_or_the_form():
    request = _request("post", {"name": "An"})
    form = NameForm(request.POST)

    def refuse(data):
        raise InvalidInputError({"name": ["Tên đã có."], "other": ["Không hợp lệ."]})

    response = _page(request, form, refuse)
    assert response.status_code == 422
    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Không hợp lệ."]
    assert not list(get_messages(request))


def test_success_flashes_the_message_and_redirects_to_what_was_saved():
    request = _request("post", {"name": "An"})
    response = _page(
        request,
        NameForm(request.POST),
        lambda data: data["name"],
        success_url=lambda saved: f"/muc/{saved}/",
    )
    assert response.status_code == 302
    assert response["Location"] == "/muc/An/"
    assert [str(m) for m in get_messages(request)] == ["Đã lưu."]
