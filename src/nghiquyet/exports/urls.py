from django.urls import path

from nghiquyet.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("so-du-lieu/", views.data_workbook, name="data_workbook"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tai-ve/<str:fmt>/", views.download, name="download"),
]
