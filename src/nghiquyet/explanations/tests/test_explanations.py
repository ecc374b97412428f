"""Explanation requests for at-risk indicator lines (issue 12, item 5): asked by the level
above, answered by the unit, kept with the line, listed in the unit's inbox."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.inbox import unit_inbox
from nghiquyet.core.periods import Period
from nghiquyet.explanations.models import ExplanationRequest
from nghiquyet.explanations.services import explanation_answer, explanation_ask
from nghiquyet.indicators.outlook import KHONG_DAT_DUOC
from nghiquyet.indicators.services import target_set
from nghiquyet.indicators.tests.helpers import make_indicator
from nghiquyet.indicators.values import value_save
from nghiquyet.testing import Page, PermissionMatrix

ASK = {"anonymous": 302, "xa": 403, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
ASKED = {"anonymous": 302, "xa": 302, "chibo": 404, "lanhdao": 403, "tinhuy": 302}


@pytest.fixture
def at_risk(cast):
    """DV-MOI: 1.000 for P-CL in 2026, 600 after nine months (out of reach)."""
    ind = make_indicator(cast.root, "DV-MOI")
    target_set(
        actor=cast.root, indicator=ind, organisation=cast.commune, period="2026", text="1.000"
    )
    for quarter in ("2026Q1", "2026Q2", "2026Q3"):
        value_save(
            actor=cast.root,
            indicator=ind,
            organisation=cast.commune,
            period=quarter,
            value=Decimal(200),
        )
    return ind


def _ask(cast, ind, actor=None, question="Vì sao chậm?", outlook=KHONG_DAT_DUOC):
    return explanation_ask(
        actor=actor or cast.lanhdao,
        indicator=ind,
        organisation=cast.commune,
        period=Period.parse("2026N9"),
        outlook=outlook,
        question=question,
    )


class TestExplanationPermissions(PermissionMatrix):
    routes = [
        Page("explanations:ask", args=("P-CL", "DV-MOI", "2026N9"), expect=ASK),
        Page(
            "explanations:ask",
            args=("P-CL", "DV-MOI", "2026N9"),
            post={"question": "Vì sao?"},
            expect={"anonymous": 302, "xa": 403, "chibo": 404, "tinhuy": 302},
        ),
        Page(
            "explanations:detail",
            args=("{request}",),
            expect={"anonymous": 302, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200},
        ),
        Page(
            "explanations:answer", args=("{request}",), post={"answer": "Do mưa bão."}, expect=ASKED
        ),
    ]

    @pytest.fixture(autouse=True)
    def _line(self, at_risk):
        self.indicator = at_risk

    def keys(self, cast):
        return {"request": _ask(cast, self.indicator).pk}

    def state(self, cast):
        return list(ExplanationRequest.objects.values_list("pk", "question", "answer"))


def test_the_leader_asks_the_unit_answers_and_the_line_keeps_both(cast, client_for, at_risk):
    leader = client_for("tinhuy")
    url = reverse("explanations:ask", args=["P-CL", "DV-MOI", "2026N9"])
    page = leader.post(url, {"question": "Đề nghị giải trình."})
    request = ExplanationRequest.objects.get()
    assert page["Location"] == reverse("explanations:detail", args=[request.pk])
    assert (request.outlook, request.asked_by) == (KHONG_DAT_DUOC, cast.tinhuy)
    inbox = unit_inbox(user=cast.xa, org=cast.commune, today=dt.date(2026, 10, 20))
    [item] = [i for i in inbox if i.kind == "giai_trinh"]
    assert item.title == "Giải trình chỉ tiêu Chỉ tiêu DV-MOI – 9 tháng năm 2026"
    client_for("xa").post(item.url, {"answer": "Do chuyển đổi mô hình."})
    request.refresh_from_db()
    assert (request.answer, request.answered_by) == ("Do chuyển đổi mô hình.", cast.xa)
    assert not [
        i
        for i in unit_inbox(user=cast.xa, org=cast.commune, today=dt.date(2026, 10, 20))
        if i.kind == "giai_trinh"
    ]
    results = leader.get(reverse("web:results", args=["P-CL"]), {"ky": "2026N9"})
    html = results.content.decode()
    assert "Đã giải trình" in html and "Yêu cầu giải trình" in html


def test_the_unit_itself_may_not_ask_and_a_line_on_track_is_not_asked_about(cast, at_risk):
    with pytest.raises(PermissionDeniedError):
        _ask(cast, at_risk, actor=cast.xa)
    with pytest.raises(InvalidInputError) as refused:
        _ask(cast, at_risk, outlook="dung_tien_do")
    assert refused.value.errors == {
        "outlook": ["Chỉ yêu cầu giải trình chỉ tiêu có nguy cơ không đạt."]
    }
    with pytest.raises(InvalidInputError) as empty:
        _ask(cast, at_risk, question="   ")
    assert empty.value.errors == {"question": ["Hãy nhập nội dung yêu cầu giải trình."]}


def test_an_empty_answer_is_refused_and_another_unit_may_not_answer(cast, at_risk):
    request = _ask(cast, at_risk)
    with pytest.raises(InvalidInputError):
        explanation_answer(actor=cast.xa, request=request, answer=" ")
    with pytest.raises(PermissionDeniedError):
        explanation_answer(actor=cast.chibo, request=request, answer="Không phải đơn vị tôi.")
