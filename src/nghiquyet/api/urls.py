from django.urls import path

from nghiquyet.api.api import api

urlpatterns = [path("", api.urls)]
