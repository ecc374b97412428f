"""Run the deadline-rush load test end to end and check the result (issue 13, item 3).

    python -m loadtest.run --units 1000 --minutes 10                      # SQLite (WAL)
    python -m loadtest.run --database-url postgres://…/nghiquyet_load     # PostgreSQL

Steps: a fresh database (SQLite file in var/loadtest/, or the PostgreSQL database dropped and
created again), migrations, the seed (``loadtest.seed``), gunicorn on loopback, locust headless
for the whole window, then the checks (``loadtest.check``). Prints p50/p95/p99 and errors per
request kind and writes var/loadtest/result-<database>.json. Exits 1 if any request failed or
any check found a problem.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "loadtest"
BIN = Path(sys.executable).parent


def main() -> int:
    args = _args()
    env = _environment(args)
    os.environ.update(env)
    _fresh_database(args.database_url)
    manifest = _prepare(args)
    server = _gunicorn(args, env)
    try:
        stats = _locust(args, env, manifest)
    finally:
        _stop(server)
    result = {**_config(args), "requests": stats, "checks": _checks(manifest)}
    name = "postgresql" if args.database_url else "sqlite"
    (OUT / f"result-{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    _print(result)
    failed = any(row["failures"] for row in stats.values()) or not result["checks"]["ok"]
    return 1 if failed else 0


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--units", type=int, default=1000, help="communes, one data-entry user each")
    p.add_argument("--leaders", type=int, default=20, help="leaders refreshing dashboards")
    p.add_argument("--minutes", type=float, default=10, help="length of the run")
    p.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    return p.parse_args()


def _environment(args: argparse.Namespace) -> dict[str, str]:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {
        # Demo mode: a generated secret key and plain-HTTP cookies on loopback.
        "NGHIQUYET_DEMO": "1",
        "NGHIQUYET_VAR_DIR": str(OUT),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "nghiquyet.settings",
        "LOADTEST_MANIFEST": str(OUT / "manifest.json"),
    }
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        env["SQLITE_PATH"] = str(OUT / "load.sqlite3")
    return env


def _fresh_database(url: str) -> None:
    if not url:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'load.sqlite3'}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _prepare(args: argparse.Namespace) -> Any:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from loadtest.seed import build

    call_command("migrate", "--noinput", verbosity=0)
    started = time.perf_counter()
    manifest = build(units=args.units, leaders=args.leaders)
    manifest.save(OUT / "manifest.json")
    print(f"seeded {args.units} units in {time.perf_counter() - started:.0f} s", flush=True)
    connections.close_all()
    return manifest


def _gunicorn(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen[bytes]:
    log = (OUT / "gunicorn.log").open("wb")
    command = [
        str(BIN / "gunicorn"),
        "nghiquyet.wsgi:application",
        f"--bind=127.0.0.1:{args.port}",
        f"--workers={args.workers}",
        "--timeout=120",
        "--error-logfile=-",
    ]
    # Our own command line, no outside input.
    server = subprocess.Popen(command, env=os.environ | env, stdout=log, stderr=log)  # noqa: S603
    url = f"http://127.0.0.1:{args.port}/dang-nhap/"
    for _ in range(120):
        try:
            with urllib.request.urlopen(url, timeout=5):
                return server
        except OSError:
            time.sleep(0.5)
    _stop(server)
    raise SystemExit("gunicorn did not answer; see var/loadtest/gunicorn.log")


def _locust(args: argparse.Namespace, env: dict[str, str], manifest: Any) -> dict[str, Any]:
    users = len(manifest.units) + len(manifest.leaders)
    seconds = int(args.minutes * 60)
    spawn = max(10, min(60, seconds // 10))
    # Every unit must have sent before the end: spawning, then the window, then a margin.
    window = max(1, seconds - spawn - max(20, seconds // 10))
    command = [
        str(BIN / "locust"),
        f"--locustfile={ROOT / 'loadtest' / 'locustfile.py'}",
        "--headless",
        "--only-summary",
        f"--host=http://127.0.0.1:{args.port}",
        f"--users={users}",
        f"--spawn-rate={users / spawn:.2f}",
        f"--run-time={seconds}s",
        "--stop-timeout=60",
        f"--csv={OUT / 'locust'}",
    ]
    locust_env = os.environ | env | {"LOADTEST_WINDOW": str(window)}
    subprocess.run(command, env=locust_env, check=False)  # noqa: S603 (our own command line)
    return _stats(OUT / "locust_stats.csv")


def _stats(path: Path) -> dict[str, Any]:
    out = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Name"] if row["Type"] in ("", "None") else f"{row['Type']} {row['Name']}"
            out[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "max_ms": round(float(row["Max Response Time"] or 0)),
                "per_s": round(float(row["Requests/s"] or 0), 2),
            }
    return out


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()


def _checks(manifest: Any) -> dict[str, Any]:
    from django.db import connection

    from loadtest.check import check
    from nghiquyet.reporting.models import Submission

    report = check(manifest).as_dict()
    by_status = Submission.objects.filter(period_code=manifest.period).values_list("status")
    statuses = [s for (s,) in by_status]
    report["submissions_sent"] = sum(1 for s in statuses if s == "da_gui")
    report["database"] = connection.vendor
    return report


def _config(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "units": args.units,
        "leaders": args.leaders,
        "minutes": args.minutes,
        "gunicorn_workers": args.workers,
        "finished_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }


def _print(result: dict[str, Any]) -> None:
    print(f"\n{'request':33} {'n':>6} {'errors':>6} {'p50':>7} {'p95':>7} {'p99':>7}  (ms)")
    for name, row in result["requests"].items():
        cells = [row[k] for k in ("requests", "failures")]
        times = [row[k] for k in ("p50_ms", "p95_ms", "p99_ms")]
        print(f"{name:33} {cells[0]:>6} {cells[1]:>6} " + " ".join(f"{t:>7.0f}" for t in times))
    checks = result["checks"]
    problems = {k: len(checks[k]) for k in ("lost", "duplicated", "wrong", "unexpected")}
    problems |= {k: len(checks[k]) for k in ("rollup", "totals")}
    print(
        f"\nvalues expected {checks['values_expected']}, stored {checks['values_stored']}, "
        f"ancestors checked {checks['ancestors_checked']}, reports sent "
        f"{checks['submissions_sent']}; problems {problems}; ok={checks['ok']}"
    )


if __name__ == "__main__":
    sys.exit(main())
