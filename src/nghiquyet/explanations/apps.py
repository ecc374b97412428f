from django.apps import AppConfig


class ExplanationsConfig(AppConfig):
    name = "nghiquyet.explanations"
    label = "explanations"
    verbose_name = "Giải trình chỉ tiêu"
