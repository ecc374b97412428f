from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "nghiquyet.oversight"
    label = "oversight"
    verbose_name = "Kiểm tra, giám sát và xếp loại chất lượng"
    nav_items: list[tuple[str, str]] = [
        ("Kiểm tra, giám sát", "oversight:index"),
        ("Xếp loại chất lượng", "oversight:ratings"),
    ]
