"""Errors raised by services. Views, the API, the importer and the CLI translate them.

Every message is Vietnamese and names the field it is about, so that a form, an API payload
or a workbook cell can show it next to the input that caused it.
"""

from collections.abc import Mapping, Sequence


class ServiceError(Exception):
    """Base class for the errors a service may raise on purpose."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDeniedError(ServiceError):
    status_code = 403

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
        super().__init__(message)


class NotFoundError(ServiceError):
    status_code = 404

    def __init__(self, message: str = "Không tìm thấy dữ liệu yêu cầu.") -> None:
        super().__init__(message)


class InvalidInputError(ServiceError):
    """Bad input, keyed by field name. Nothing was saved."""

    status_code = 422

    def __init__(self, errors: Mapping[str, str | Sequence[str]]) -> None:
        self.errors: dict[str, list[str]] = {
            field: [msgs] if isinstance(msgs, str) else list(msgs) for field, msgs in errors.items()
        }
        super().__init__("; ".join(f"{f}: {m}" for f, ms in self.errors.items() for m in ms))

    @classmethod
    def single(cls, field: str, message: str) -> "InvalidInputError":
        return cls({field: message})
