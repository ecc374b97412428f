from django.urls import path

from nghiquyet.accounts import lockout_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("khoa-api/<int:token_id>/thu-hoi/", views.revoke_token, name="revoke_token"),
    path("don-vi/<str:code>/", views.members, name="members"),
    path("don-vi/<str:code>/mo-khoa/", lockout_views.unlock_login, name="unlock_login"),
    path("quyen/<int:pk>/thu-hoi/", views.revoke_membership, name="revoke_membership"),
]
