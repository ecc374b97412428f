from django.urls import path
from django.views.generic import RedirectView

from nghiquyet.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("bang/", views.dashboard, name="dashboard"),
    # The workbook upload moved to web/ (it imports every app's sheets); old bookmarks follow.
    path(
        "nhap-excel/",
        RedirectView.as_view(pattern_name="web:workbook_upload", permanent=True),
    ),
    path("them/", views.create, name="create"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/sua/", views.edit, name="edit"),
    path("<str:code>/chi-tieu-giao/", views.set_target, name="set_target"),
]
