from django.urls import path

from nghiquyet.explanations import views

app_name = "explanations"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tra-loi/", views.answer, name="answer"),
    path("yeu-cau/<str:org_code>/<str:indicator_code>/<str:period_code>/", views.ask, name="ask"),
]
