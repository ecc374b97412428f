"""Property: whatever sequence of creates, moves and merges runs, every path stays consistent."""

import datetime as dt

from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.orgs.models import Organisation, OrgKind, path_segment
from nghiquyet.orgs.services import org_create, org_merge, org_move

# Each step: ("create", parent_index), ("move", node_index, new_parent_index) or
# ("merge", node_index, successor_index); indices pick among existing nodes modulo their count.
steps = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.integers(0, 10_000)),
        st.tuples(st.just("move"), st.integers(0, 10_000), st.integers(0, 10_000)),
        st.tuples(st.just("merge"), st.integers(0, 10_000), st.integers(0, 10_000)),
    ),
    min_size=1,
    max_size=25,
)


def assert_paths_consistent() -> None:
    orgs = {o.pk: o for o in Organisation.objects.all()}
    paths = [o.path for o in orgs.values()]
    assert len(paths) == len(set(paths))
    for org in orgs.values():
        expected_prefix = orgs[org.parent_id].path if org.parent_id else ""
        assert org.path == expected_prefix + path_segment(org.pk)
        # The subtree query and the parent links agree.
        below = {o.pk for o in orgs.values() if o.path.startswith(org.path)}
        reachable = {org.pk}
        frontier = [org.pk]
        while frontier:
            children = [o.pk for o in orgs.values() if o.parent_id in frontier]
            reachable.update(children)
            frontier = children
        assert below == reachable
        # The indexed `__under` lookup (a range on SQLite, LIKE on PostgreSQL) agrees too.
        assert set(Organisation.objects.subtree_of(org).values_list("pk", flat=True)) == reachable


class TreePropertyTests(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ops=steps)
    def test_paths_stay_consistent_under_random_operations(self, ops):
        root_user = User.objects.create_superuser("prop-root", password=None)
        counter = iter(range(1, 10_000))
        root = org_create(actor=root_user, code="R", name="Gốc", kind=OrgKind.TINH_UY, parent=None)
        nodes = [root]
        day = dt.date(2026, 1, 1)
        for op in ops:
            live = [n for n in nodes if n.valid_to is None]
            try:
                if op[0] == "create":
                    parent = live[op[1] % len(live)]
                    nodes.append(
                        org_create(
                            actor=root_user,
                            code=f"N{next(counter)}",
                            name="Đơn vị",
                            kind=OrgKind.CHI_BO_CO_SO,
                            parent=parent,
                        )
                    )
                elif op[0] == "move":
                    node, target = live[op[1] % len(live)], live[op[2] % len(live)]
                    org_move(actor=root_user, org=node, new_parent=target)
                else:
                    node, target = live[op[1] % len(live)], live[op[2] % len(live)]
                    org_merge(actor=root_user, predecessors=[node], successor=target, effective=day)
            except InvalidInputError:
                pass  # Refused operations (cycles, root moves) must leave the tree intact.
            for n in nodes:
                n.refresh_from_db()
            assert_paths_consistent()
