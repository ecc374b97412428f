from django.urls import path

from nghiquyet.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", views.import_job, name="import_job"),
]
