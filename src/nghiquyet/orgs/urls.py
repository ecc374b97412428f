from django.urls import path

from nghiquyet.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/nhanh/", views.branch, name="branch"),
    path("<str:code>/them-truc-thuoc/", views.create_child, name="create_child"),
    path("<str:code>/sua/", views.edit, name="edit"),
    path("<str:code>/chuyen/", views.move, name="move"),
    path("<str:code>/hop-nhat/", views.merge, name="merge"),
    path("<str:code>/giai-the/", views.dissolve, name="dissolve"),
    path("<str:code>/nhiem-ky/", views.add_term, name="add_term"),
]
