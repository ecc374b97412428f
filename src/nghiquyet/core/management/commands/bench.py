import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from nghiquyet.core.bench import BenchContext, run_benchmarks


class Command(BaseCommand):
    help = "Chạy các phép đo hiệu năng trên dữ liệu tổng hợp và in kết quả dạng JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Tỉ lệ kích thước dữ liệu (1 = đầy đủ)"
        )
        parser.add_argument("--only", action="append", help="Chỉ chạy phép đo của ứng dụng này")
        parser.add_argument("-o", "--output", help="Ghi JSON ra tệp")

    def handle(self, *args: Any, **opts: Any) -> None:
        User = get_user_model()
        actor = User.objects.filter(username="bench").first() or User.objects.create_superuser(
            "bench", password=None
        )
        ctx = BenchContext(actor=actor, scale=opts["scale"], say=lambda s: self.stderr.write(s))
        only = set(opts["only"]) if opts.get("only") else None
        results = {"scale": opts["scale"], **run_benchmarks(ctx, only)}
        text = json.dumps(results, ensure_ascii=False, indent=2)
        if opts.get("output"):
            with open(opts["output"], "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        self.stdout.write(text)
