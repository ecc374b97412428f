import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from nghiquyet.core.bench import BenchContext, compare, run_benchmarks

SCENARIOS = ("commune", "province", "national")


class Command(BaseCommand):
    help = (
        "Chạy các phép đo hiệu năng trên dữ liệu tổng hợp và in kết quả dạng JSON; "
        "--scenario ghi var/bench-<kịch bản>.json, --compare in tỉ lệ so với lần đo trước."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Tỉ lệ kích thước dữ liệu (1 = đầy đủ)"
        )
        parser.add_argument(
            "--scenario",
            choices=SCENARIOS,
            help=(
                "commune: một xã và các chi bộ; province: một tỉnh (--scale), có sáp nhập 2025; "
                "national: cả nước, 34 tỉnh, khoảng 55.000 đơn vị (--scale), nạp bằng COPY, "
                "chỉ chạy trên PostgreSQL"
            ),
        )
        parser.add_argument("--compare", help="Tệp JSON của lần đo trước: in tỉ lệ mới ÷ cũ")
        parser.add_argument("--only", action="append", help="Chỉ chạy phép đo của ứng dụng này")
        parser.add_argument("-o", "--output", help="Ghi JSON ra tệp")

    def handle(self, *args: Any, **opts: Any) -> None:
        earlier = _load(opts["compare"]) if opts.get("compare") else None
        User = get_user_model()
        actor = User.objects.filter(username="bench").first() or User.objects.create_superuser(
            "bench", password=None
        )
        scenario = opts.get("scenario") or ""
        ctx = BenchContext(
            actor=actor,
            scale=opts["scale"],
            scenario=scenario,
            say=lambda s: self.stderr.write(s),
        )
        only = set(opts["only"]) if opts.get("only") else None
        if scenario == "national" and only is None:
            # The national tree is the scenario itself; the other apps' benches would build
            # their own trees of tens of thousands of units beside it.
            only = {"indicators"}
        results = {
            "scale": opts["scale"],
            "scenario": scenario,
            "database": connection.vendor,
            **run_benchmarks(ctx, only),
        }
        text = json.dumps(results, ensure_ascii=False, indent=2)
        output = opts.get("output") or (
            Path(settings.VAR_DIR) / f"bench-{scenario}.json" if scenario else None
        )
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Đã ghi {output}.")
        self.stdout.write(text)
        if earlier is not None:
            self._print_ratios(results, earlier)

    def _print_ratios(self, results: dict[str, Any], earlier: dict[str, Any]) -> None:
        self.stdout.write("\nMới ÷ cũ (số liệu có ở cả hai lần đo):")
        for path, new, old in compare(results, earlier):
            ratio = f"{new / old:.2f}×" if old else "—"
            self.stdout.write(f"  {path}: {new:g} / {old:g} = {ratio}")


def _load(name: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"Không đọc được tệp so sánh {name}: {exc}") from None
    if not isinstance(data, dict):
        raise CommandError(f"Tệp so sánh {name} không phải kết quả đo (cần một đối tượng JSON).")
    return data
