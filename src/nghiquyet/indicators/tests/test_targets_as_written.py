"""Issue 9 §1: targets as congresses write them, through the parser and every way of entry."""

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.indicators.achievement import DAT, KHONG_DAT, VUOT, evaluate
from nghiquyet.indicators.models import Target
from nghiquyet.indicators.selectors import parsed as stored_parsed
from nghiquyet.indicators.services import target_set
from nghiquyet.indicators.targets import ACCEPTED_FORMS, describe, parse_target

from .helpers import make_indicator

D = Decimal


def _shape(parsed):
    return (parsed.kind, parsed.op, parsed.low, parsed.high)


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        # Thresholds written after the number, with or without "từ".
        ("90% trở lên", ("nguong", "ge", D(90), None)),
        ("từ 90% trở lên", ("nguong", "ge", D(90), None)),
        ("90 trở lên", ("nguong", "ge", D(90), None)),
        ("5% trở xuống", ("nguong", "le", D(5), None)),
        ("từ 5 trở xuống", ("nguong", "le", D(5), None)),
        ("25 đảng viên trở lên", ("nguong", "ge", D(25), None)),
        # Leading verbs.
        ("đạt trên 95%", ("nguong", "gt", D(95), None)),
        ("đạt 80-85%", ("khoang", "range", D(80), D(85))),
        ("đạt 80% - 85%", ("khoang", "range", D(80), D(85))),
        ("tăng 20% trở lên", ("nguong", "ge", D(20), None)),
        ("phấn đấu đạt 100%", ("diem", "eq", D(100), None)),
        ("phấn đấu đạt từ 80% trở lên", ("nguong", "ge", D(80), None)),
        ("giảm dưới 2%", ("nguong", "lt", D(2), None)),
        ("đạt tối thiểu 90%", ("nguong", "ge", D(90), None)),
        # Annual averages: point, range or threshold.
        ("tăng bình quân 7-7,5%/năm", ("binh_quan", "range", D(7), D("7.5"))),
        ("bình quân 10,5%/năm", ("binh_quan", "eq", D("10.5"), None)),
        ("tăng bình quân trên 7%/năm", ("binh_quan", "gt", D(7), None)),
        ("bình quân hằng năm tăng 8% trở lên", ("binh_quan", "ge", D(8), None)),
        ("tăng 7%/năm", ("binh_quan", "eq", D(7), None)),
        ("tăng bình quân 7 - 7,5 % mỗi năm", ("binh_quan", "range", D(7), D("7.5"))),
    ],
)
def test_congress_forms_parse_to_their_meaning(text, shape):
    assert _shape(parse_target(text)) == shape


def test_90_percent_or_more_is_a_threshold_not_a_point():
    parsed = parse_target("90% trở lên")
    assert (parsed.kind, parsed.op) == ("nguong", "ge")
    assert evaluate(value=D(89), target=parsed, direction="tang", decimals=0).status == KHONG_DAT
    assert evaluate(value=D(95), target=parsed, direction="tang", decimals=0).status == VUOT


def test_down_to_is_a_point_with_lower_better():
    parsed = parse_target("xuống còn 16%")
    assert _shape(parsed) == ("diem", "eq", D(16), None)
    assert parsed.direction == "giam"
    # The indicator says higher is better, the target's words say lower: the words win.
    assert evaluate(value=D(15), target=parsed, direction="tang", decimals=0).status == VUOT
    assert evaluate(value=D(17), target=parsed, direction="tang", decimals=0).status == KHONG_DAT
    assert parse_target("giảm xuống còn 1,5%").direction == "giam"


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("khoảng 80%", ("diem", "eq", D(80), None)),
        ("đạt khoảng 80-85%", ("khoang", "range", D(80), D(85))),
        ("phấn đấu khoảng 1.200 người", ("diem", "eq", D(1200), None)),
    ],
)
def test_about_keeps_the_value_and_marks_it_approximate(text, shape):
    parsed = parse_target(text)
    assert _shape(parsed) == shape
    assert parsed.approximate is True
    assert parse_target("80%").approximate is False


@pytest.mark.parametrize(
    ("text", "unit", "shape"),
    [
        ("trên 28 nghìn tỷ đồng", "tỷ đồng", ("nguong", "gt", D(28000), None)),
        ("trên 28 ngàn tỷ đồng", "tỷ đồng", ("nguong", "gt", D(28000), None)),
        ("trên 28 nghìn tỉ đồng", "tỷ đồng", ("nguong", "gt", D(28000), None)),
        ("trên 28 nghìn tỷ", "tỷ đồng", ("nguong", "gt", D(28000), None)),
        ("trên 2,5 triệu tỷ", "nghìn tỷ đồng", ("nguong", "gt", D(2500), None)),
        ("28.000 tỷ đồng", "tỷ đồng", ("diem", "eq", D(28000), None)),
        ("đạt 1,5 triệu người", "người", ("diem", "eq", D(1500000), None)),
        ("đạt 1,5 triệu", "người", ("diem", "eq", D(1500000), None)),
        ("500 triệu đồng", "tỷ đồng", ("diem", "eq", D("0.5"), None)),
        ("từ 6 đến 7 nghìn tỷ đồng", "tỷ đồng", ("khoang", "range", D(6000), D(7000))),
        ("trên 100 triệu đồng/người", "triệu đồng/người", ("nguong", "gt", D(100), None)),
        ("3,25 tỷ USD", "tỷ USD", ("diem", "eq", D("3.25"), None)),
        ("trên 39.650", "tỷ đồng", ("nguong", "gt", D(39650), None)),
        ("90% trở lên", "%", ("nguong", "ge", D(90), None)),
    ],
)
def test_multiplier_words_convert_to_the_indicator_unit(text, unit, shape):
    assert _shape(parse_target(text, unit=unit)) == shape


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("trên 28 nghìn người", "tỷ đồng"),  # people against money
        ("90‰", "%"),  # per mille against per cent
        ("233 người lao động", "người"),  # stray words after the unit
        ("28 nghìn", "tỷ đồng"),  # nghìn what? 28.000 tỷ or 28.000 đồng
        ("28 triệu", "nghìn tỷ đồng"),
        ("trên 28 tỷ đồng", "%"),
    ],
)
def test_a_unit_that_contradicts_the_indicator_is_refused(text, unit):
    with pytest.raises(ValueError, match="đơn vị"):
        parse_target(text, unit=unit)


@pytest.mark.parametrize(
    "text",
    [
        "90% hoặc 95%",
        "90% dân số",  # stray words after the per cent sign
        "90 và 95",
        "từ 90",  # "from 90" to where?
        "trên 90% trở lên",
        "đạt",
        "bình quân",
        "khoảng chừng",
        "90% (năm 2030)",
        "trên -5",
    ],
)
def test_unreadable_targets_are_refused_with_the_accepted_forms(text):
    with pytest.raises(ValueError, match="Các dạng được nhận") as exc:
        parse_target(text)
    assert ACCEPTED_FORMS in str(exc.value)


@pytest.mark.parametrize(
    ("text", "unit", "shown"),
    [
        ("90% trở lên", "%", "≥ 90%"),
        ("trên 28 nghìn tỷ đồng", "tỷ đồng", "> 28.000 tỷ đồng"),
        ("đạt 80-85%", "%", "80–85%"),
        ("xuống còn 16%", "%", "xuống còn 16%"),
        ("khoảng 80%", "%", "khoảng 80%"),
        ("tăng bình quân 7-7,5%/năm", "%", "bình quân 7,0–7,5%/năm"),
        ("bình quân trên 500 tỷ đồng mỗi năm", "tỷ đồng", "bình quân > 500 tỷ đồng mỗi năm"),
        ("5 trở xuống", "", "≤ 5"),
    ],
)
def test_describe_renders_each_shape_in_vietnamese(text, unit, shown):
    parsed = parse_target(text, unit=unit or None)
    places = 1 if "7,5" in text else 0
    assert describe(parsed, places, unit) == shown


_WORDS = ["trên", "dưới", "từ", "đến", "trở lên", "trở xuống", "đạt", "tăng", "giảm"]
_WORDS += ["xuống còn", "khoảng", "bình quân", "năm", "nghìn", "tỷ", "đồng", "người"]
_WORDS += ["mỗi năm", "/năm", "phấn đấu", "hoặc", "\u00a0", "é", "𝟗"]
_ALPHABET = st.sampled_from([*"0123456789.,-–%‰ /<>=≥≤()", *_WORDS])


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(max_size=60), st.lists(_ALPHABET, max_size=12).map("".join)),
    st.sampled_from([None, "", "%", "‰", "tỷ đồng", "người", "triệu đồng/người"]),
)
def test_parse_target_raises_only_its_documented_error(text, unit):
    try:
        parsed = parse_target(text, unit=unit)
    except ValueError:
        return
    assert parsed.high is None or parsed.high >= parsed.low
    describe(parsed, 2, unit or "")


# --- Every way of entry goes through the same parser -----------------------------------------


@pytest.fixture
def money(cast):
    return make_indicator(cast.root, "THU-NS", kind="gia_tri", unit="tỷ đồng")


def test_service_stores_the_converted_threshold(cast, money):
    target = target_set(
        actor=cast.root,
        indicator=money,
        organisation=cast.commune,
        period="2025",
        text="trên 28 nghìn tỷ đồng",
    )
    target.refresh_from_db()
    assert (target.kind, target.op, target.low) == ("nguong", "gt", D(28000))
    # 28.500 entered against it is 101,79% of plan, not "vượt 101.785,71%".
    result = evaluate(value=D(28500), target=stored_parsed(target), direction="tang", decimals=0)
    assert (result.status, result.percent) == (VUOT, D("101.79"))


def test_service_keeps_approximate_and_direction(cast):
    poor = make_indicator(cast.root, "NGHEO", kind="toc_do", unit="%")
    target = target_set(
        actor=cast.root, indicator=poor, organisation=cast.commune, period="2025", text="khoảng 16%"
    )
    target.refresh_from_db()
    assert (target.approximate, target.direction) == (True, "")
    target = target_set(
        actor=cast.root,
        indicator=poor,
        organisation=cast.commune,
        period="2025",
        text="xuống còn 16%",
    )
    target.refresh_from_db()
    assert (target.approximate, target.direction, target.low) == (False, "giam", D(16))
    result = evaluate(value=D(16), target=stored_parsed(target), direction="tang", decimals=0)
    assert result.status == DAT


def test_service_refuses_a_contradicting_unit_in_vietnamese(cast, money):
    with pytest.raises(InvalidInputError) as exc:
        target_set(
            actor=cast.root,
            indicator=money,
            organisation=cast.commune,
            period="2025",
            text="trên 28 nghìn người",
        )
    assert "đơn vị tính của chỉ tiêu (tỷ đồng)" in exc.value.errors["text"][0]
    assert not Target.objects.exists()


def test_api_reads_targets_with_the_same_parser(cast, client_for, money):
    payload = {"indicator": "THU-NS", "org": "P-CL", "period": "2025"}
    payload["text"] = "trên 28 ngàn tỷ đồng"
    response = client_for("tinhuy").put(
        "/api/v1/indicators/targets", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 200
    assert (response.json()["op"], response.json()["low"]) == ("gt", 28000.0)
    payload["text"] = "90% dân số"
    response = client_for("tinhuy").put(
        "/api/v1/indicators/targets", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 422
    assert "Các dạng được nhận" in response.json()["errors"]["text"][0]


def test_target_form_reads_targets_with_the_same_parser(cast, client_for, money):
    response = client_for("tinhuy").post(
        "/chi-tieu/THU-NS/chi-tieu-giao/",
        {"org": "P-CL", "period": "2025", "text": "đạt 80-85 nghìn người"},
    )
    assert response.status_code == 422
    assert "đơn vị tính của chỉ tiêu (tỷ đồng)" in response.content.decode()
    response = client_for("tinhuy").post(
        "/chi-tieu/THU-NS/chi-tieu-giao/",
        {"org": "P-CL", "period": "2025", "text": "trên 28 nghìn tỷ đồng"},
    )
    assert response.status_code == 302
    assert Target.objects.get().low == D(28000)


def test_workbook_sheet_reads_targets_with_the_same_parser(cast):
    from nghiquyet.core.workbook import import_workbook
    from nghiquyet.indicators.tests.test_workbook import INDICATORS, VALUES, book

    targets = [
        ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Chỉ tiêu"],
        ["DV-MOI", "P-CL", "2024", "phấn đấu 1,2 nghìn đảng viên trở lên"],
        ["TQ-KHA", "P-CL", "2024", "đạt trên 95%"],
        ["NGHEO", "P-CL", "2024", "xuống còn 1,5%"],
    ]
    assert [row[0] for row in INDICATORS[1:]] == ["DV-MOI", "TQ-KHA", "NGHEO"]
    import_workbook(book(VALUES[:1], targets), actor=cast.tinhuy)
    got = {t.indicator.code: (t.op, t.low, t.direction) for t in Target.objects.all()}
    assert got == {
        "DV-MOI": ("ge", D(1200), ""),
        "TQ-KHA": ("gt", D(95), ""),
        "NGHEO": ("eq", D("1.5"), "giam"),
    }


def test_workbook_sheet_refuses_a_growth_rate_against_a_count(cast):
    from nghiquyet.core.workbook import WorkbookError, import_workbook
    from nghiquyet.indicators.tests.test_workbook import VALUES, book

    targets = [
        ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Chỉ tiêu"],
        ["DV-MOI", "P-CL", "2024", "tăng 20%"],
    ]
    with pytest.raises(WorkbookError) as exc:
        import_workbook(book(VALUES[:1], targets), actor=cast.tinhuy)
    assert "Chỉ tiêu giao!D2" in str(exc.value.errors[0])
    assert "đơn vị tính của chỉ tiêu (đảng viên)" in str(exc.value.errors[0])
