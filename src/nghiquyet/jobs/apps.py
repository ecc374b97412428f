from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "nghiquyet.jobs"
    label = "jobs"
    verbose_name = "Việc chạy nền"
