from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "nghiquyet.tasks"
    label = "tasks"
    verbose_name = "Nhiệm vụ"
    nav_items: list[tuple[str, str]] = [("Nhiệm vụ", "tasks:index")]
