from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "nghiquyet.orgs"
    label = "orgs"
    verbose_name = "Tổ chức"
    nav_items = [("Cây tổ chức", "orgs:tree")]
