"""Shared by the hostile-input tests (issue 8): every table's row count, to prove that a refused
input or workbook saved nothing, and the catalogue of hostile values sent to every field."""

import math

from django.apps import apps
from django.db import connection

_COUNTS_SQL: str | None = None


def table_counts() -> dict[str, int]:
    """The number of rows of every table of every installed model, in one query."""
    global _COUNTS_SQL
    if _COUNTS_SQL is None:
        existing = set(connection.introspection.table_names())
        tables = sorted(
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and m._meta.db_table in existing
        )
        quote = connection.ops.quote_name
        _COUNTS_SQL = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables)  # noqa: S608 (table names from the models)
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS_SQL)
        return {name: int(count) for name, count in cursor.fetchall()}


def changed_tables(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    """The tables whose row count differs: name → (before, after)."""
    return {t: (before.get(t, 0), n) for t, n in after.items() if before.get(t, 0) != n}


# --- The catalogue of hostile values -----------------------------------------------------------

BIG = 2**63
WORDS_1000 = " ".join(["nghị quyết"] * 500)
NUMBERS = [
    "12345678901234567890123456789",  # 29 digits
    "-12345678901234567890123456789",
    "1e300",
    "-1e300",
    "1e-300",
    "NaN",
    "Infinity",
    "-Infinity",
    "1,2,3",
    "１２３",  # full-width digits
    "٣",  # an Arabic-Indic digit
    str(BIG),
    str(BIG - 1),
    str(-BIG - 1),
    "-1",
    "0x10",
    "1_000",
    "1.2.3,4,5",
    "99999999999.9999999",
]
JSON_NUMBERS = [10**28, -(10**28), 1e300, -1e300, BIG, -BIG - 1, 2**64, -1, 1.5, True]
DATES = [
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "31/02/2026",
    "2026-02-31",
    "29/02/2025",
    "9999Q4",
    "0999Q1",
    "0999",
    "2025Q9",
    "99999-01-01",
    "-2025-01-01",
    "2025-13-01",
    "01/01/0001",
]
TEXTS = [
    "",
    " ",
    "a\x00b",
    "tiêu đề\x07chuông",
    "\x1b[31mđỏ",
    "dòng\x0bdọc",
    "x" * 10_000,
    WORDS_1000,
    "<script>alert(1)</script>",
    "=cmd|'/c calc'!A1",
    "+SUM(A1:A9)",
    "@SUM(1)",
    "'; DROP TABLE orgs_organisation; --",
    "' OR '1'='1",
    "{{ 7*7 }}{% debug %}",
    "../../etc/passwd",
    "\u202etxt.exe",
    "\ufeff\u200b",
]
SURROGATES = ['"\\ud800"', '"a\\udfffb"', '"\\udbff\\udfff\\ud800"']  # JSON texts, raw
OFFSETS = [str(BIG), str(BIG * 4), str(-BIG - 1), "-1", "1e3", "NaN", "１０"]


def form_values() -> list[str]:
    """Every hostile value a web form field is sent (form fields are text)."""
    return [*NUMBERS, *DATES, *TEXTS]


def json_values() -> list[object]:
    """Every hostile value an API body field is sent, as a Python value for ``json.dumps``
    (strings, numbers beyond any column); lone surrogates are sent separately, as raw JSON."""
    return [*NUMBERS, *DATES, *TEXTS, *JSON_NUMBERS, None, [], {}, math.pi]
