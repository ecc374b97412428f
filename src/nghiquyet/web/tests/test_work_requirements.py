"""The start page's to-do list: the requirements a unit has not fulfilled, earliest deadline
first, read in a constant number of queries whatever the number of requirements (issue 13)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nghiquyet.documents.services import requirement_create
from nghiquyet.documents.tests.conftest import make_doc, terms  # noqa: F401  # shared fixtures
from nghiquyet.web.work import REQUIREMENTS_SHOWN, unit_work

TODAY = dt.date(2025, 12, 31)


def _requirements(cast, make_doc, count, start):  # noqa: F811  # the fixture, passed in
    made = []
    for i in range(count):
        doc = make_doc(
            doc_type="nghi_quyet",
            issue_date=dt.date(2025, 8, 1) + dt.timedelta(days=start + i),
            title=f"Nghị quyết {start + i}",
        )
        made.append(
            requirement_create(
                actor=cast.root,
                document=doc,
                action="ban_hanh",
                doc_type="ke_hoach",
                rule="truc_thuoc",
                deadline=dt.date(2025, 11, 1) + dt.timedelta(days=start + i),
            )
        )
    return made


def _counted(cast):
    with CaptureQueriesContext(connection) as queries:
        work = unit_work(cast.root, cast.commune, TODAY)
    return work.requirements, len(queries.captured_queries)


def test_open_requirements_take_as_many_queries_for_12_as_for_2(cast, make_doc):  # noqa: F811
    first = _requirements(cast, make_doc, 2, 0)
    fulfilled = first[0]
    make_doc(
        cast.commune,
        issue_date=dt.date(2025, 10, 1),
        concretizes=fulfilled.document,
        title="Kế hoạch thực hiện",
        body_code="ĐU",
    )
    shown, few = _counted(cast)
    assert shown == [first[1]]
    more = _requirements(cast, make_doc, 10, 2)
    shown, many = _counted(cast)
    assert shown == [first[1], *more][:REQUIREMENTS_SHOWN]
    assert many == few
