import datetime as dt

import pytest

from nghiquyet.documents.models import Status
from nghiquyet.documents.services import DocumentInput, document_create
from nghiquyet.orgs.services import term_create


@pytest.fixture
def terms(cast):
    """Province terms 2020-2025 and 2025-2030 (congress closing 15/10), commune 2025-2030."""
    root = cast.root
    old = term_create(
        actor=root,
        organisation=cast.province,
        start_year=2020,
        end_year=2025,
        ordinal="XI",
        congress_to=dt.date(2020, 10, 15),
    )
    new = term_create(
        actor=root,
        organisation=cast.province,
        start_year=2025,
        end_year=2030,
        ordinal="I",
        congress_to=dt.date(2025, 10, 15),
    )
    term_create(
        actor=root,
        organisation=cast.commune,
        start_year=2025,
        end_year=2030,
        congress_to=dt.date(2025, 8, 10),
    )
    term_create(
        actor=root,
        organisation=cast.other_commune,
        start_year=2025,
        end_year=2030,
        congress_to=dt.date(2025, 8, 10),
    )
    return {"old": old, "new": new}


@pytest.fixture
def make_doc(cast, terms):
    """Register an issued Party document (or a draft with ``status=``)."""

    def make(org=None, *, actor=None, concretizes=None, co_issuers=(), **fields):
        data = {
            "scheme": "dang",
            "doc_type": "ke_hoach",
            "title": "Kế hoạch thực hiện Nghị quyết",
            "issue_date": dt.date(2025, 11, 3),
            "status": Status.BAN_HANH,
        } | fields
        return document_create(
            actor=actor or cast.root,
            organisation=org or cast.province,
            data=DocumentInput(**data),
            co_issuers=co_issuers,
            concretizes=concretizes,
        )

    return make
