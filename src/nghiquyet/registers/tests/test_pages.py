"""The registers page opens on the latest year with figures and lists what it counts."""

from decimal import Decimal

from django.urls import reverse

from nghiquyet.registers.services import allocation_set, disbursement_set, project_create


def test_the_registers_page_opens_on_the_latest_year_with_capital_and_lists_its_projects(
    cast, client_for
):
    project = project_create(
        actor=cast.tinhuy, organisation=cast.province, code="DA-1", name="Đường",
        plan_start=2021, plan_end=2025, total_investment=Decimal(100),
    )  # fmt: skip
    allocation_set(actor=cast.tinhuy, project=project, year=2024, amount=Decimal(30))
    page = client_for("lanhdao").get(reverse("registers:index"), {"don_vi": "T-DT"})
    assert page.context["period"].code == "2024"
    assert [line.project for line in page.context["projects"]] == [project]
    assert page.context["figures"]["projects"]["count"] == 1
    other = client_for("lanhdao").get(reverse("registers:index"), {"don_vi": "X-MH"})
    assert other.context["projects"] == []


def test_the_project_page_writes_disbursement_periods_as_reports_do(cast, client_for):
    """Walk defect: the disbursement table showed the period code "2025Q4"."""
    project = project_create(
        actor=cast.tinhuy, organisation=cast.province, code="DA-2", name="Kè sông",
        plan_start=2021, plan_end=2025, total_investment=Decimal(100),
    )  # fmt: skip
    disbursement_set(actor=cast.tinhuy, project=project, period="quý 4/2025", amount=Decimal(5))
    disbursement_set(actor=cast.tinhuy, project=project, period="tháng 3/2025", amount=Decimal(1))
    page = client_for("lanhdao").get(reverse("registers:project_detail", args=[project.pk]))
    body = page.content.decode()
    assert "<td>Tháng 03/2025</td>" in body and "<td>Quý IV/2025</td>" in body
    assert "2025Q4" not in body and "2025M03" not in body


def test_a_period_the_page_cannot_read_is_said_not_silently_replaced(cast, client_for):
    """Walk defect: "quý 5/2025" showed this year's figures without a word."""
    client = client_for("lanhdao")
    page = client.get(reverse("registers:index"), {"don_vi": "T-DT", "ky": "quý 5/2025"})
    assert "Kỳ “quý 5/2025” không hợp lệ" in page.content.decode()
    good = client.get(reverse("registers:index"), {"don_vi": "T-DT", "ky": "6 tháng đầu năm 2025"})
    assert good.context["period"].code == "2025S1"
    assert 'value="6 tháng đầu năm 2025" maxlength="40"' in good.content.decode()
    assert 'role="alert"' not in good.content.decode()
