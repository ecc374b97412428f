"""The địa danh of the place-and-date line (HD36 §1.3; NĐ 30, Phụ lục I): the unit's own,
else its nearest ancestor's, else read from its name; never the body's name."""

import datetime as dt

import pytest

from nghiquyet.exports.letterhead import place_date, place_of
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import org_create


def test_a_cell_without_a_place_takes_its_nearest_ancestors(cast):
    cast.commune.place_name = "Cao Lãnh"
    cast.commune.save()
    cell = org_create(
        actor=cast.root,
        code="CB-1",
        name="Chi bộ khóm 1",
        kind=OrgKind.CHI_BO_TRUC_THUOC,
        parent=cast.commune,
    )
    assert place_of(cell) == "Cao Lãnh"
    assert place_date(cell, dt.date(2026, 2, 3)) == "Cao Lãnh, ngày 03 tháng 02 năm 2026"


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Đảng ủy phường Cao Lãnh", "Cao Lãnh"),
        ("Tỉnh ủy Đồng Tháp", "Đồng Tháp"),
        ("Ủy ban nhân dân xã Mỹ Hiệp", "Mỹ Hiệp"),
        ("Đảng ủy Phường 1", "Phường 1"),
        ("Đảng ủy xã Tân", "Xã Tân"),
        ("Đảng uỷ phường  Mỹ Phú", "Mỹ Phú"),
        ("Thành ủy thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("Ban Tuyên giáo", "Ban Tuyên giáo"),
    ],
)
def test_without_any_place_the_name_gives_the_administrative_unit(db, name, place):
    root = Organisation(code="R", name=name, kind=OrgKind.TINH_UY, path="0001")
    assert place_of(root) == place


def test_a_cell_with_no_place_anywhere_takes_its_parents_name(cast):
    for org in (cast.province, cast.commune):
        org.place_name = ""
        org.save()
    assert place_of(cast.cell) == "Cao Lãnh"
