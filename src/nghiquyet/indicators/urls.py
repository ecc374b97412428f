from django.urls import path

from nghiquyet.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("bang/", views.dashboard, name="dashboard"),
    path("nhap-excel/", views.upload, name="upload"),
    path("<str:code>/", views.detail, name="detail"),
]
