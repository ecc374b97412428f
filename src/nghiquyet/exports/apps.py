from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "nghiquyet.exports"
    label = "exports"
    verbose_name = "Báo cáo xuất bản (DOCX, XLSX, PDF)"
    nav_items: list[tuple[str, str]] = [("Báo cáo", "exports:index")]
