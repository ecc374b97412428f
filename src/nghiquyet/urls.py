from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("nghiquyet.web.urls")),
    path("to-chuc/", include("nghiquyet.orgs.urls")),
    path("tai-khoan/", include("nghiquyet.accounts.urls")),
    path("nhat-ky/", include("nghiquyet.audit.urls")),
    path("chi-tieu/", include("nghiquyet.indicators.urls")),
    path("bao-cao/", include("nghiquyet.reporting.urls")),
    path("van-ban/", include("nghiquyet.documents.urls")),
    path("hoc-tap/", include("nghiquyet.dissemination.urls")),
    path("nhiem-vu/", include("nghiquyet.tasks.urls")),
    path("kiem-tra-giam-sat/", include("nghiquyet.oversight.urls")),
    path("so-theo-doi/", include("nghiquyet.registers.urls")),
    path("xuat-bao-cao/", include("nghiquyet.exports.urls")),
    path("nhap-excel/viec/", include("nghiquyet.jobs.urls")),
    path("thong-bao/", include("nghiquyet.notifications.urls")),
    path("giai-trinh/", include("nghiquyet.explanations.urls")),
    path("api/v1/", include("nghiquyet.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri-he-thong/", admin.site.urls),
]
