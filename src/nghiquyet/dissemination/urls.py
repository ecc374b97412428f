from django.urls import path

from nghiquyet.dissemination import views
from nghiquyet.dissemination.views import edit as edit_views
from nghiquyet.exports import sheets
from nghiquyet.exports.excel import excel

app_name = "dissemination"
urlpatterns = [
    path("", views.index, name="index"),
    path("them/", views.create, name="create"),
    path("bao-phu/", excel(views.coverage, sheets.coverage), name="coverage"),
    path("ke-hoach/them/", views.create_plan, name="create_plan"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/diem-cau/", views.record_point, name="record_point"),
    path("<int:pk>/sua/", edit_views.edit_session, name="edit_session"),
    path("<int:pk>/thu-hoi/", edit_views.withdraw_session, name="withdraw_session"),
    path("<int:pk>/xoa/", edit_views.delete_session, name="delete_session"),
    path("ke-hoach/<int:pk>/sua/", edit_views.edit_plan, name="edit_plan"),
    path("ke-hoach/<int:pk>/thu-hoi/", edit_views.withdraw_plan, name="withdraw_plan"),
]
