from django.urls import path

from nghiquyet.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("da-doc/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/da-doc/", views.mark_read, name="mark_read"),
    path("cai-dat/", views.preferences, name="preferences"),
]
