from django.urls import path

from nghiquyet.exports import sheets
from nghiquyet.exports.excel import excel
from nghiquyet.registers import views

app_name = "registers"
urlpatterns = [
    path("", excel(views.index, sheets.projects), name="index"),
    path("mo-hinh/them/", views.create_movement, name="create_movement"),
    path("mo-hinh/<int:pk>/so-nguoi/", views.set_count, name="set_count"),
    path("khao-sat/them/", views.create_survey, name="create_survey"),
    path("khao-sat/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("du-an/them/", views.create_project, name="create_project"),
    path("du-an/<int:pk>/", views.project_detail, name="project_detail"),
    path("du-an/<int:pk>/von-giao/", views.set_allocation, name="set_allocation"),
    path("du-an/<int:pk>/giai-ngan/", views.set_disbursement, name="set_disbursement"),
]
