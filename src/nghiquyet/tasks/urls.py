from django.urls import path

from nghiquyet.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.index, name="index"),
    path("giao/", views.create, name="create"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("van-ban/<int:document>/", views.board, name="board"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/tien-do/", views.post_progress, name="progress"),
    path("<int:pk>/hoan-thanh/", views.complete, name="complete"),
    path("<int:pk>/xac-nhan/", views.confirm, name="confirm"),
    path("<int:pk>/tra-lai/", views.return_report, name="return"),
    path("<int:pk>/gia-han/", views.request_extension, name="extension"),
    path(
        "<int:pk>/gia-han/<int:ext>/chap-thuan/",
        views.decide_extension,
        {"verdict": "approve"},
        name="extension_approve",
    ),
    path(
        "<int:pk>/gia-han/<int:ext>/tu-choi/",
        views.decide_extension,
        {"verdict": "refuse"},
        name="extension_refuse",
    ),
    path("<int:pk>/y-kien/", views.comment, name="comment"),
]
