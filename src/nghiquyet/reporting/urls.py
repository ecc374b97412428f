from django.urls import URLPattern, URLResolver, path

from nghiquyet.exports import sheets
from nghiquyet.exports.excel import excel
from nghiquyet.reporting import views, workbook_views

app_name = "reporting"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("them/", views.create_form, name="create_form"),
    path("<str:code>/", excel(views.form_detail, sheets.submissions), name="form"),
    path("<str:code>/sua/", views.edit_form, name="edit_form"),
    path("<str:code>/nhac-nho/", views.remind, name="remind"),
    path(
        "<str:code>/ngoai-le/<int:pk>/thu-hoi/",
        views.revoke_lock_exception,
        name="revoke_lock_exception",
    ),
    path("<str:code>/<str:org>/<str:period>/", views.grid, name="grid"),
    path("<str:code>/<str:org>/<str:period>/o/<int:indicator>/", views.cell, name="cell"),
    path(
        "<str:code>/<str:org>/<str:period>/mau.xlsx",
        workbook_views.template_download,
        name="template",
    ),
    path(
        "<str:code>/<str:org>/<str:period>/tai-len/",
        workbook_views.template_upload,
        name="upload",
    ),
    path(
        "<str:code>/<str:org>/<str:period>/ngoai-le/",
        views.lock_exception,
        name="lock_exception",
    ),
    path("<str:code>/<str:org>/<str:period>/<str:step>/", views.decide, name="decide"),
]
