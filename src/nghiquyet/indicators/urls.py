from django.urls import path

from nghiquyet.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("bang/", views.dashboard, name="dashboard"),
    path("nhap-excel/", views.upload, name="upload"),
    path("them/", views.create, name="create"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/sua/", views.edit, name="edit"),
    path("<str:code>/chi-tieu-giao/", views.set_target, name="set_target"),
]
