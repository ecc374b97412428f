"""Benchmark: a synthetic national tree (34 provinces × ~100 communes × ~14 cells ≈ 51,000).

Figures: bulk creation rate; listing one province's subtree through the selector and through
the API (p50/p95) as a province-scoped user; moving a ~1,500-node subtree.
"""

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import membership_grant
from nghiquyet.core.bench import BenchContext, percentiles_ms, timed
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.selectors import org_subtree
from nghiquyet.orgs.services import OrgRow, org_move, orgs_create_many

PROVINCES = 34


def _rows(ctx: BenchContext) -> list[OrgRow]:
    communes, cells = ctx.size(100, 2), ctx.size(14, 1)
    rows = [OrgRow("B-TW", "Trung ương (tổng hợp)", OrgKind.TINH_UY, None)]
    for p in range(PROVINCES):
        province = f"B-P{p:02d}"
        rows.append(OrgRow(province, f"Tỉnh ủy tổng hợp {p:02d}", OrgKind.TINH_UY, "B-TW"))
        for c in range(communes):
            commune = f"{province}-X{c:03d}"
            rows.append(
                OrgRow(commune, f"Đảng ủy xã {p:02d}-{c:03d}", OrgKind.DANG_UY_XA, province)
            )
            rows += [
                OrgRow(f"{commune}-CB{k:02d}", f"Chi bộ ấp {k}", OrgKind.CHI_BO_CO_SO, commune)
                for k in range(cells)
            ]
    return rows


def _samples(fn: Any, n: int = 20) -> dict[str, float]:
    fn()  # Warm caches once, as a running server would be.
    return percentiles_ms([timed(fn)[0] for _ in range(n)])


def run(ctx: BenchContext) -> dict[str, Any]:
    rows = _rows(ctx)
    seconds, _ = timed(lambda: orgs_create_many(actor=ctx.actor, rows=rows))
    province = Organisation.objects.get(code="B-P01")
    user = User.objects.create_user("bench-tinh")
    membership_grant(actor=ctx.actor, user=user, organisation=province, role=Role.QUAN_TRI)
    subtree_size = org_subtree(user, province).count()

    client = Client()
    client.force_login(user)

    def api_list() -> None:
        response = client.get("/api/v1/orgs/", {"root": "B-P01", "limit": "5000"})
        assert response.status_code == 200, response.content[:200]  # noqa: S101 (bench sanity)

    moving = Organisation.objects.get(code="B-P02")
    moved_nodes = Organisation.objects.subtree_of(moving).count()
    move_seconds, _ = timed(lambda: org_move(actor=ctx.actor, org=moving, new_parent=province))
    return {
        "organisations": len(rows),
        "bulk_create_per_s": round(len(rows) / seconds),
        "bulk_create_s": round(seconds, 2),
        "province_subtree_nodes": subtree_size,
        "subtree_list_selector": _samples(lambda: list(org_subtree(user, province))),
        "subtree_list_api": _samples(api_list),
        "move_subtree_nodes": moved_nodes,
        "move_subtree_ms": round(move_seconds * 1000, 1),
    }
