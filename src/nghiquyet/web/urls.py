from django.contrib.auth import views as auth_views
from django.urls import path

from nghiquyet.exports import sheets
from nghiquyet.exports.excel import excel
from nghiquyet.web import dashboard_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("chon-don-vi/", views.switch_org, name="switch_org"),
    path("tim-don-vi/", views.search_orgs, name="search_orgs"),
    path("nhap-excel/", views.workbook_upload, name="workbook_upload"),
    # "Xuất Excel" (?xuat=xlsx) runs the page's own view, then writes its table (exports.excel).
    path("ket-qua/<str:org_code>/", excel(dashboard_views.results, sheets.results), name="results"),
    path(
        "ket-qua/<str:org_code>/cap-duoi/",
        excel(dashboard_views.children, sheets.children),
        name="children",
    ),
    path(
        "ket-qua/<str:org_code>/ban-do-nhiet/",
        excel(dashboard_views.heat_map, sheets.heat_map),
        name="heat_map",
    ),
    path(
        "ket-qua/<str:org_code>/ban-do-nhiet/yeu-cau/",
        dashboard_views.heat_map_requirements,
        name="heat_map_requirements",
    ),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
