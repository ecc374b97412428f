"""Every API error is JSON with a Vietnamese ``detail`` and, for bad input, per-field ``errors``."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from nghiquyet.core.errors import InvalidInputError, ServiceError

_PYDANTIC_MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "decimal_parsing": "Phải là số.",
    "float_parsing": "Phải là số.",
    "date_from_datetime_parsing": "Ngày không hợp lệ (dùng dạng YYYY-MM-DD).",
    "date_parsing": "Ngày không hợp lệ (dùng dạng YYYY-MM-DD).",
    "date_type": "Ngày không hợp lệ (dùng dạng YYYY-MM-DD).",
    "string_type": "Phải là chuỗi ký tự.",
    "string_too_long": "Quá dài.",
    "string_too_short": "Quá ngắn.",
    "bool_parsing": "Phải là true hoặc false.",
    "list_type": "Phải là danh sách.",
    "json_invalid": "Nội dung JSON không hợp lệ.",
    "enum": "Giá trị không nằm trong danh sách cho phép.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
}
_LOCATIONS = {"body", "query", "path", "form", "payload", "data"}


def _field_name(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if str(p) not in _LOCATIONS]
    return ".".join(parts) or "__all__"


_BOUND_MESSAGES = {
    "greater_than_equal": ("ge", "Phải lớn hơn hoặc bằng {}."),
    "greater_than": ("gt", "Phải lớn hơn {}."),
    "less_than_equal": ("le", "Phải nhỏ hơn hoặc bằng {}."),
    "less_than": ("lt", "Phải nhỏ hơn {}."),
}


def _message(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind in _BOUND_MESSAGES:
        key, text = _BOUND_MESSAGES[kind]
        return text.format(err.get("ctx", {}).get(key, ""))
    return _PYDANTIC_MESSAGES.get(kind, "Giá trị không hợp lệ.")


def _schema_errors(exc: ValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        message = _message(err)
        errors.setdefault(_field_name(list(err.get("loc", []))), []).append(message)
    return errors


ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "title": ERROR_SCHEMA_NAME,
    "type": "object",
    "description": "Lỗi: thông điệp tiếng Việt và, với dữ liệu sai, lỗi của từng trường.",
    "properties": {
        "detail": {"type": "string", "minLength": 1},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}
ERROR_RESPONSES = {
    "400": "Yêu cầu không thực hiện được.",
    "401": "Chưa đăng nhập hoặc khóa API không hợp lệ.",
    "403": "Không có quyền (hoặc thiếu mã CSRF).",
    "404": "Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị của người dùng.",
    "409": "Xung đột với trạng thái hiện tại (ví dụ: báo cáo đã khóa).",
    "422": "Dữ liệu không hợp lệ; ``errors`` nêu từng trường.",
}
_METHODS = {"get", "put", "post", "patch", "delete"}


def document_error_responses(schema: dict[str, Any]) -> None:
    """Add the error body to ``schema`` (an OpenAPI 3 dict, changed in place) and declare on
    every operation the error statuses of ``ERROR_RESPONSES`` that it does not declare yet."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    body = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}}}
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                responses.setdefault(status, {"description": description, "content": body})


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(InvalidInputError)
    def invalid_input(request: HttpRequest, exc: InvalidInputError) -> HttpResponse:
        return respond(request, 422, "Dữ liệu không hợp lệ.", errors=exc.errors)

    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return respond(request, exc.status_code, exc.message)

    @api.exception_handler(ValidationError)
    def schema_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, 422, "Dữ liệu không hợp lệ.", errors=_schema_errors(exc))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, "Bạn cần đăng nhập hoặc dùng khóa API hợp lệ.")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "Không tìm thấy dữ liệu yêu cầu.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, InvalidInputError):  # refused while parsing the body
            return invalid_input(request, exc.__cause__)
        if exc.status_code == 403:
            return respond(request, 403, "Yêu cầu bị từ chối (thiếu mã CSRF hoặc không có quyền).")
        return respond(request, exc.status_code, str(exc))
