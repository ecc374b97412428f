from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "nghiquyet.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"
    nav_items: list[tuple[str, str]] = [("Báo cáo định kỳ", "reporting:index")]
