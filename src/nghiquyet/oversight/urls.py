from django.urls import path

from nghiquyet.exports import sheets
from nghiquyet.exports.excel import excel
from nghiquyet.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", excel(views.index, sheets.inspections), name="index"),
    path("them/", views.create, name="create"),
    path("chuong-trinh/them/", views.create_programme, name="create_programme"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ket-luan/", views.conclude, name="conclude"),
    path("xep-loai/", views.ratings, name="ratings"),
    path("xep-loai/to-chuc/", views.rate_organisation, name="rate_organisation"),
    path("xep-loai/dang-vien/", views.rate_members, name="rate_members"),
    path("xep-loai/ty-le/", views.set_cap, name="set_cap"),
]
