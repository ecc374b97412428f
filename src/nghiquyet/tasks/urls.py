from django.urls import path

from nghiquyet.exports import sheets
from nghiquyet.exports.excel import excel
from nghiquyet.tasks import views
from nghiquyet.tasks.views import briefings, calendar, recommendations

app_name = "tasks"
urlpatterns = [
    path("", views.index, name="index"),
    path("giao/", views.create, name="create"),
    path("thong-ke/", excel(views.statistics, sheets.tasks), name="statistics"),
    path("lich/", calendar.calendar, name="calendar"),
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
    path("giao-ban/", briefings.briefings, name="briefings"),
    path("giao-ban/moi/", briefings.briefing_create, name="briefing_create"),
    path("giao-ban/<int:pk>/", briefings.briefing, name="briefing"),
    path(
        "giao-ban/<int:pk>/ket-luan/<int:position>/giao/",
        briefings.conclusion_assign,
        name="conclusion_assign",
    ),
    path("kien-nghi/", recommendations.recommendations, name="recommendations"),
    path("kien-nghi/moi/", recommendations.recommendation_create, name="recommendation_create"),
    path("kien-nghi/<int:pk>/", recommendations.recommendation, name="recommendation"),
    path(
        "kien-nghi/<int:pk>/tra-loi/",
        recommendations.recommendation_reply,
        {"verdict": "answer"},
        name="recommendation_answer",
    ),
    path(
        "kien-nghi/<int:pk>/chuyen/",
        recommendations.recommendation_reply,
        {"verdict": "forward"},
        name="recommendation_forward",
    ),
    path(
        "kien-nghi/<int:pk>/giao/",
        recommendations.recommendation_assign,
        name="recommendation_assign",
    ),
    path(
        "kien-nghi/<int:pk>/tep/<int:file>/",
        recommendations.recommendation_file,
        name="recommendation_file",
    ),
]
