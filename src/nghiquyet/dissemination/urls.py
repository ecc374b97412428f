from django.urls import path

from nghiquyet.dissemination import views

app_name = "dissemination"
urlpatterns = [
    path("", views.index, name="index"),
    path("them/", views.create, name="create"),
    path("bao-phu/", views.coverage, name="coverage"),
    path("ke-hoach/them/", views.create_plan, name="create_plan"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/diem-cau/", views.record_point, name="record_point"),
]
