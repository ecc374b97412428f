from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "nghiquyet.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu"
    nav_items: list[tuple[str, str]] = [
        ("Chỉ tiêu", "indicators:index"),
        ("Kết quả thực hiện", "indicators:dashboard"),
    ]
