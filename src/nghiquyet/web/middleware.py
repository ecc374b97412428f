from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from nghiquyet.core.errors import NotFoundError, PermissionDeniedError


class ServiceErrorMiddleware:
    """Turns a selector's NotFoundError into a 404 page and a service's refusal into a 403 page.

    Views stay thin: they call selectors and services and let these errors pass.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, NotFoundError):
            return self._page(request, "404.html", 404, exc.message)
        if isinstance(exc, PermissionDeniedError):
            return self._page(request, "403.html", 403, exc.message)
        return None

    def _page(self, request: HttpRequest, template: str, status: int, message: str) -> HttpResponse:
        response = TemplateResponse(request, template, {"message": message}, status=status)
        return response.render()


class LanguageMiddleware:
    """Vietnamese unless the user chose another language (the cookie set by /i18n/setlang/).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officials'
    computers run an English Windows: the UI must still open in Vietnamese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
