import json

import pytest
from django.test import Client

from nghiquyet.accounts.services import token_create, token_revoke
from nghiquyet.audit.models import AuditEntry
from nghiquyet.orgs.models import Organisation


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


NEW_CELL = {"code": "P-CL-CB2", "name": "Chi bộ Khóm 2", "kind": "chi_bo_co_so", "parent": "P-CL"}


def test_admin_creates_a_unit_and_gets_its_detail(client_for):
    response = post(client_for("tinhuy"), "/api/v1/orgs/", NEW_CELL)
    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["parent"], body["depth"], body["active"]) == (
        "P-CL-CB2",
        "P-CL",
        3,
        True,
    )


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"code": "P-CL"}, "code", "đã được dùng"),
        ({"parent": "X-KHONG-CO"}, "parent", "Không tìm thấy"),
        ({"valid_from": "2025-07-01", "valid_to": "2025-06-30"}, "valid_to", "không được trước"),
        ({"valid_from": "31/02/2025"}, "valid_from", "Ngày không hợp lệ"),
        ({"kind": "khong_co"}, "kind", "không hợp lệ"),
        ({"name": ""}, "name", "Chưa nhập"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_with_nothing_saved(
    client_for, change, field, fragment
):
    count = Organisation.objects.count()
    response = post(client_for("tinhuy"), "/api/v1/orgs/", NEW_CELL | change)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert fragment in " ".join(body["errors"][field])
    assert Organisation.objects.count() == count


def test_parent_outside_scope_reads_like_a_missing_parent(client_for):
    response = post(client_for("xa"), "/api/v1/orgs/", NEW_CELL | {"parent": "X-MH"})
    assert response.status_code == 422
    assert response.json()["errors"]["parent"] == [
        "Không tìm thấy đơn vị “X-MH” trong phạm vi của bạn."
    ]


def test_move_under_own_descendant_is_a_422(client_for):
    response = post(client_for("tinhuy"), "/api/v1/orgs/P-CL/move", {"parent": "P-CL-CB1"})
    assert response.status_code == 422
    assert "parent" in response.json()["errors"]


def test_merge_through_the_api_records_history_and_audit(cast, client_for):
    client = client_for("tinhuy")
    post(
        client,
        "/api/v1/orgs/",
        NEW_CELL | {"code": "P-MOI", "parent": "T-DT", "kind": "dang_uy_xa"},
    )
    body = {"predecessors": ["P-CL", "X-MH"], "effective": "2026-01-01"}
    detail = post(client, "/api/v1/orgs/P-MOI/merge", body).json()
    assert {p["code"] for p in detail["predecessors"]} == {"P-CL", "X-MH"}
    assert {c["code"] for c in detail["children"]} == {"P-CL-CB1", "X-MH-CB1"}
    old = client.get("/api/v1/orgs/P-CL").json()
    assert old["active"] is False and old["successors"][0]["code"] == "P-MOI"
    log = client.get("/api/v1/audit/?org=T-DT&action=orgs.organisation.merge").json()
    assert log[0]["actor"] == "tinhuy" and set(log[0]["after"]["predecessors"]) == {"P-CL", "X-MH"}


def test_token_authenticates_an_integrator_until_revoked(cast):
    issued = token_create(actor=cast.xa, name="Trung tâm CNTT")
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}
    assert client.get("/api/v1/me/", **headers).json()["username"] == "xa"
    assert client.get("/api/v1/orgs/X-MH", **headers).status_code == 404
    token_revoke(actor=cast.xa, token_id=issued.token.pk)
    assert client.get("/api/v1/me/", **headers).status_code == 401
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer nq_sai_khoa").status_code == 401
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.token.create", "accounts.token.revoke"} <= actions


def test_token_is_stored_hashed_and_shown_once(cast, client_for):
    response = post(client_for("xa"), "/api/v1/me/tokens", {"name": "Máy chủ tích hợp"})
    secret = response.json()["secret"]
    assert response.status_code == 201 and secret.startswith("nq_")
    listed = client_for("xa").get("/api/v1/me/tokens").json()
    assert "secret" not in listed[0]
    assert not cast.xa.api_tokens.filter(digest=secret).exists()


def test_token_writes_skip_csrf_but_session_writes_need_it(cast):
    issued = token_create(actor=cast.tinhuy, name="Tích hợp")
    client = Client(enforce_csrf_checks=True)
    ok = client.patch(
        "/api/v1/orgs/P-CL",
        json.dumps({"short_name": "Cao Lãnh"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issued.secret}",
    )
    assert ok.status_code == 200
    client.force_login(cast.tinhuy)
    refused = client.patch(
        "/api/v1/orgs/P-CL", json.dumps({"short_name": "X"}), content_type="application/json"
    )
    assert refused.status_code == 403
    assert Organisation.objects.get(code="P-CL").short_name == "Cao Lãnh"


def test_openapi_schema_is_published(client_for):
    schema = client_for("lanhdao").get("/api/v1/openapi.json").json()
    assert "/api/v1/orgs/{code}/merge" in schema["paths"]
    assert schema["info"]["title"] == "nghiquyet API"


@pytest.mark.parametrize("path", ["/api/v1/docs", "/api/v1/openapi.json"])
def test_api_docs_need_a_login_in_production(client_for, settings, path):
    settings.DEBUG = False
    settings.API_DOCS_PUBLIC = False
    response = client_for("anonymous").get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")
    assert client_for("xa").get(path).status_code == 200


@pytest.mark.parametrize("switch", ["DEBUG", "API_DOCS_PUBLIC"])
def test_api_docs_are_public_when_debugging_or_allowed(client_for, settings, switch):
    settings.DEBUG = False
    settings.API_DOCS_PUBLIC = False
    setattr(settings, switch, True)
    assert client_for("anonymous").get("/api/v1/docs").status_code == 200


def test_every_operation_documents_its_error_answers(client_for):
    schema = client_for("xa").get("/api/v1/openapi.json").json()
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]
    operations = [
        (method, path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 90
    for method, path, operation in operations:
        for status in ("401", "403", "404", "422"):
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (method, path)


def test_schema_errors_are_vietnamese(client_for):
    response = client_for("tinhuy").post(
        "/api/v1/orgs/", "{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_api_docs_page_needs_no_cdn(client_for):
    html = client_for("tinhuy").get("/api/v1/docs").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html


def test_errors_are_readable_utf8_json(client_for):
    response = post(client_for("tinhuy"), "/api/v1/orgs/", NEW_CELL | {"code": "P-CL"})
    assert response["Content-Type"].startswith("application/json")
    assert "Dữ liệu không hợp lệ.".encode() in response.content
    assert b"\\u" not in response.content


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start_year": 0, "end_year": 5}, "start_year"),
        ({"start_year": 2025, "end_year": 99999}, "end_year"),
        ({"start_year": 2025, "end_year": 2030, "congress_from": "0001-01-01"}, "congress_from"),
    ],
)
def test_term_out_of_bounds_is_a_422_naming_the_field(cast, client_for, body, field):
    response = post(client_for("tinhuy"), "/api/v1/orgs/P-CL/terms", body)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not cast.commune.terms.exists()


@pytest.mark.parametrize(
    "bad", ["Cao\x00Lãnh", "Cao\x07Lãnh", "Cao\x1bLãnh", "Cao\x7f", "Cao\ud800"]
)
def test_control_characters_and_lone_surrogates_are_refused_in_any_text(
    cast, client_for, tmp_path, bad
):
    from openpyxl import load_workbook

    from nghiquyet.core.workbook import export_workbook

    client = client_for("tinhuy")
    patched = client.patch(
        "/api/v1/orgs/P-CL", json.dumps({"short_name": bad}), content_type="application/json"
    )
    assert patched.status_code == 422
    assert list(patched.json()["errors"]) == ["short_name"]
    token = post(client, "/api/v1/me/tokens", {"name": bad})
    assert token.status_code == 422
    assert list(token.json()["errors"]) == ["name"]
    nested = post(client, "/api/v1/orgs/", NEW_CELL | {"place_name": bad})
    assert nested.status_code == 422
    assert "place_name" in nested.json()["errors"]
    assert not Organisation.objects.filter(code="P-CL-CB2").exists()
    path = tmp_path / "book.xlsx"
    export_workbook(actor=cast.tinhuy).save(path)
    load_workbook(path)


def test_tabs_and_newlines_are_still_accepted(client_for):
    response = post(client_for("tinhuy"), "/api/v1/me/tokens", {"name": "máy chủ\tbáo cáo\r\n"})
    assert response.status_code == 201


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/orgs/?offset=9223372036854775808",
        "/api/v1/orgs/?offset=9223372036854775807",
        "/api/v1/orgs/?offset=-1",
        "/api/v1/orgs/?limit=9223372036854775808",
        "/api/v1/audit/?org=P-CL&offset=9223372036854775808",
        "/api/v1/documents/?offset=18446744073709551616",
        "/api/v1/indicators/values?offset=9223372036854775808",
        "/api/v1/oversight/inspections?offset=9223372036854775808",
        "/api/v1/registers/movements?offset=9223372036854775808",
        "/api/v1/dissemination/sessions?offset=9223372036854775808",
        "/api/v1/indicators/report?org=P-CL&period=9999Q4",
        "/api/v1/orgs/?q=" + "tìm " * 1000,
        "/api/v1/documents/?q=" + "nghị quyết " * 1000,
        "/api/v1/documents/?year=0",
    ],
)
def test_out_of_range_paging_and_periods_are_a_422_not_a_500(client_for, url):
    response = client_for("tinhuy").get(url)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31", "0001-01-01T00:00:00"])
def test_dates_outside_1900_2100_are_a_422_naming_the_field(cast, client_for, day):
    client = client_for("tinhuy")
    patched = client.patch(
        "/api/v1/orgs/P-CL", json.dumps({"valid_from": day}), content_type="application/json"
    )
    assert patched.status_code == 422
    assert list(patched.json()["errors"]) == ["valid_from"]
    task = post(client, "/api/v1/tasks", {"title": "Nhiệm vụ", "deadline": day})
    assert task.status_code == 422
    assert "deadline" in task.json()["errors"]
    listed = client.get("/api/v1/orgs/", {"on": day})
    assert listed.status_code == 422
    assert list(listed.json()["errors"]) == ["on"]
    assert Organisation.objects.get(code="P-CL").valid_from.year == 2025
