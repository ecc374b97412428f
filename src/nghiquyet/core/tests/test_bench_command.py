"""``nghiquyet bench``: named scenarios write their JSON, --compare prints new ÷ old, and the
raw driver is timed beside the product (issue 13, item 1). Timings are never asserted."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from nghiquyet.core.bench import compare
from nghiquyet.orgs.models import Organisation, Succession


def test_compare_pairs_the_numbers_found_at_the_same_place():
    new = {"a": {"x": 2, "y": "text", "z": {"p50_ms": 4.0}}, "only_new": 1, "flag": True}
    old = {"a": {"x": 4, "y": "other", "z": {"p50_ms": 2}}, "flag": False}
    assert compare(new, old) == [("a.x", 2.0, 4.0), ("a.z.p50_ms", 4.0, 2.0)]


@pytest.mark.django_db
def test_province_scenario_writes_its_json_with_mergers_raw_ratios_and_comparison(
    settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps({"indicators": {"values": 64, "bulk_import_values_per_s": 1}}))
    out = StringIO()
    call_command(
        "bench",
        "--scenario",
        "province",
        "--scale",
        "0.02",
        "--only",
        "indicators",
        "--compare",
        str(earlier),
        stdout=out,
        stderr=StringIO(),
    )
    saved = json.loads((tmp_path / "bench-province.json").read_text())
    figures = saved["indicators"]
    assert saved["scenario"] == "province" and figures["ended_units_with_successors"] == 1
    assert Succession.objects.count() == 1
    assert Organisation.objects.filter(valid_to__isnull=False).count() == 1
    assert set(figures["product_per_raw"]) >= {"executemany"}
    assert figures["raw_executemany_values_per_s"] > 0
    assert {"queries", "p95_ms"} <= set(figures["province_pages"]["audit_api_1000"])
    # The documents, requirements and form of the synthetic province put these pages on the
    # clock (issue 13), with the DOCX report and the dashboard budgets (issue 12 item 8).
    for page in ("cascade_page", "compliance_matrix_page", "completeness_page"):
        assert figures["province_pages"][page]["queries"] > 0, page
    assert figures["annual_report_docx_s"]["median_s"] > 0
    assert (
        figures["budgets"]["dashboard_page_p95_ms"]
        == (figures["province_pages"]["start_page"]["p95_ms"])
    )
    assert f"indicators.values: {figures['values']} / 64 = " in out.getvalue()


def test_compare_with_an_unreadable_file_is_a_clear_error(tmp_path):
    (tmp_path / "x.json").write_text("[1, 2]")
    with pytest.raises(CommandError, match="không phải kết quả đo"):
        call_command("bench", "--compare", str(tmp_path / "x.json"))
