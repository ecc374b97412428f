from django.urls import path

from nghiquyet.audit import views

app_name = "audit"
urlpatterns = [
    path("muc/<int:pk>/", views.entry, name="entry"),
    path("<str:code>/", views.org_audit, name="org"),
]
