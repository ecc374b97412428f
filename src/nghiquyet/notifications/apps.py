from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "nghiquyet.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
