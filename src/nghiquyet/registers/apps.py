from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "nghiquyet.registers"
    label = "registers"
    verbose_name = "Sổ theo dõi: mô hình, khảo sát, dự án"
    nav_items: list[tuple[str, str]] = [("Mô hình, khảo sát, dự án", "registers:index")]
