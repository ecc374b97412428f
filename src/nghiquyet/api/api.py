"""The REST API under /api/v1/. Each app contributes a ``router`` from its own ``api.py``."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from nghiquyet.access.tokens import AUTH
from nghiquyet.api import errors
from nghiquyet.core.contrib import app_modules


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON: integrators reading a raw response see "Dữ liệu", not "D\\u1eef li\\u1ec7u"."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=ReadableJSONRenderer(),
    title="nghiquyet API",
    version="1",
    description=(
        "API theo dõi thực hiện nghị quyết. Xác thực bằng khóa API (Bearer) "
        "hoặc phiên đăng nhập kèm CSRF."
    ),
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)


def _mount_app_routers() -> None:
    for module in app_modules("api"):
        if module.__name__ != __name__ and hasattr(module, "router"):
            api.add_router(module.PREFIX, module.router)


_mount_app_routers()
