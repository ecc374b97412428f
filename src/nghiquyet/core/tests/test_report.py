"""The report builder and the `report` command answer only within the actor's scope."""

import json

import pytest
from django.core.management import call_command, execute_from_command_line

from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.periods import Period
from nghiquyet.core.report import build_report

Q1 = Period.parse("2024Q1")


def test_report_builder_refuses_a_unit_outside_the_actor_scope(cast):
    with pytest.raises(NotFoundError):
        build_report(org=cast.other_commune, period=Q1, actor=cast.xa)


def test_report_builder_refuses_the_anonymous_visitor(cast):
    with pytest.raises(NotFoundError):
        build_report(org=cast.commune, period=Q1, actor=cast.anonymous)


def test_report_builder_serves_a_unit_of_the_actor_subtree(cast):
    report = build_report(org=cast.cell, period=Q1, actor=cast.xa)
    assert report["org"]["code"] == cast.cell.code


def test_commune_user_cannot_print_the_report_of_another_commune(cast, capsys):
    argv = ["nghiquyet", "report", "--org", "X-MH", "--period", "2024Q1", "--user", "xa"]
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(argv)
    out, err = capsys.readouterr()
    assert exit_info.value.code != 0
    assert "Không tìm thấy đơn vị “X-MH” trong phạm vi của bạn." in err
    assert "X-MH" not in out


def test_unknown_unit_and_unit_out_of_scope_get_the_same_answer(cast, capsys):
    argv = ["nghiquyet", "report", "--org", "KHONG-CO", "--period", "2024Q1", "--user", "xa"]
    with pytest.raises(SystemExit):
        execute_from_command_line(argv)
    assert "Không tìm thấy đơn vị “KHONG-CO” trong phạm vi của bạn." in capsys.readouterr().err


def test_commune_user_prints_the_report_of_own_commune(cast, capsys):
    call_command("report", "--org", "P-CL", "--period", "2024Q1", "--user", "xa")
    report = json.loads(capsys.readouterr().out)
    assert (report["org"]["code"], report["period"]["code"]) == ("P-CL", "2024Q1")


def test_operator_without_user_sees_every_unit(cast, capsys):
    call_command("report", "--org", "X-MH", "--period", "2024Q1")
    assert json.loads(capsys.readouterr().out)["org"]["code"] == "X-MH"
