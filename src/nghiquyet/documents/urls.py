from django.urls import path

from nghiquyet.documents.views import cascade, drafts, edit, register
from nghiquyet.exports import sheets
from nghiquyet.exports.excel import excel

app_name = "documents"
urlpatterns = [
    path("", register.index, name="index"),
    path("them/", register.create, name="create"),
    path("doc-phan-dau/", register.prefill, name="prefill"),
    path("so-tiep-theo/", register.suggest_number, name="suggest_number"),
    path("tep/<int:pk>/", register.download, name="download"),
    path("<int:pk>/", register.detail, name="detail"),
    path("<int:pk>/sua/", register.edit, name="edit"),
    path("<int:pk>/ban-hanh/", register.issue, name="issue"),
    path("<int:pk>/lien-ket/", register.add_relation, name="add_relation"),
    path("<int:pk>/dinh-kem/", register.upload, name="upload"),
    path("<int:pk>/cay/", cascade.cascade, name="cascade"),
    path("<int:pk>/cay/nhanh/", cascade.branch, name="branch"),
    path("<int:pk>/ma-tran/", excel(cascade.matrix, sheets.compliance), name="matrix"),
    path("<int:pk>/yeu-cau/", cascade.add_requirement, name="add_requirement"),
    path("<int:pk>/lay-y-kien/", drafts.open_consultation, name="open_consultation"),
    path("y-kien/<int:pk>/", drafts.consultation, name="consultation"),
    path("<int:pk>/thu-hoi/", edit.withdraw, name="withdraw"),
    path("<int:pk>/xoa/", edit.delete, name="delete"),
    path("<int:pk>/lien-ket/<int:rid>/sua/", edit.edit_relation, name="edit_relation"),
    path("<int:pk>/lien-ket/<int:rid>/xoa/", edit.remove_relation, name="remove_relation"),
    path("<int:pk>/dinh-kem/<int:aid>/xoa/", edit.remove_attachment, name="remove_attachment"),
    path("yeu-cau/<int:rid>/sua/", edit.edit_requirement, name="edit_requirement"),
    path("yeu-cau/<int:rid>/thu-hoi/", edit.withdraw_requirement, name="withdraw_requirement"),
]
