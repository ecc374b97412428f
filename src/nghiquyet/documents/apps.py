from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "nghiquyet.documents"
    label = "documents"
    verbose_name = "Văn bản"
    nav_items: list[tuple[str, str]] = [("Văn bản", "documents:index")]
