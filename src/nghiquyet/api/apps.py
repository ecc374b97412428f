from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "nghiquyet.api"
    label = "api"
    verbose_name = "API"
