"""Data generations move when an audited write commits, in the tree it touched only."""

import datetime as dt

import pytest
from django.db import connection, transaction

from nghiquyet.audit import generations
from nghiquyet.audit.services import AuditChange, audit_record_many
from nghiquyet.orgs.audit_actions import OrgsAudit
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import org_create, org_update


def _make_second_province(cast):
    return org_create(
        actor=cast.root,
        code="T-KHAC",
        name="Tỉnh ủy khác",
        kind=OrgKind.TINH_UY,
        parent=None,
        valid_from=dt.date(2025, 7, 1),
    )


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_moves_its_tree_only(cast):
    other = _make_second_province(cast)
    before_mine, before_every = generations.current(cast.commune)
    before_other = generations.current(other)[0]
    org_update(actor=cast.root, org=cast.cell, name="Chi bộ đổi tên")
    mine, every = generations.current(cast.commune)
    assert mine != before_mine
    # A unit's own row concerns every tree (units move and merge across trees).
    assert every != before_every
    assert generations.current(other)[0] == before_other


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_moves_nothing(cast):
    before = generations.current(cast.commune)
    with transaction.atomic():
        sid = transaction.savepoint()
        org_update(actor=cast.root, org=cast.cell, name="Không lưu")
        pending = generations.pending_here()
        transaction.savepoint_rollback(sid)
        transaction.set_rollback(True)
    assert pending
    assert generations.current(cast.commune) == before
    assert not generations.pending_here()


@pytest.mark.django_db(transaction=True)
def test_the_first_number_of_a_tree_is_not_predictable(cast):
    # A cache filled before a flush must not match the numbers after it (see DataGeneration).
    numbers = {generations.current(cast.commune)[0]}
    other = _make_second_province(cast)
    numbers.add(generations.current(other)[0])
    assert 0 not in numbers
    assert len(numbers) == 2


@pytest.mark.django_db(transaction=True)
def test_writes_of_one_savepoint_move_each_tree_once(cast):
    # An import audits unit by unit inside one savepoint (indicators.audit_log).
    before = generations.current(cast.commune)[0]
    with transaction.atomic():
        for cell in (cast.cell, cast.other_cell):
            audit_record_many(
                actor=cast.root,
                action=OrgsAudit.TERM_CREATE,
                changes=[AuditChange(target=cell, organisation=cell)],
            )
        pending = [f for _, f, *_ in connection.run_on_commit if f.__class__.__name__ == "_Bump"]
        assert len(pending) == 1
    assert generations.current(cast.commune)[0] == before + 1
