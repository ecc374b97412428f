from django.apps import AppConfig


class DisseminationConfig(AppConfig):
    name = "nghiquyet.dissemination"
    label = "dissemination"
    verbose_name = "Học tập, quán triệt"
    nav_items: list[tuple[str, str]] = [("Học tập, quán triệt", "dissemination:index")]
