from django.urls import path

from nghiquyet.audit import views

app_name = "audit"
urlpatterns = [path("<str:code>/", views.org_audit, name="org")]
