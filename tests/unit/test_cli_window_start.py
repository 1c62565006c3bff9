"""A plain window start does not build the sub-commands' parser (issue 18: start-up)."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua_desktop import cli


@pytest.mark.parametrize("argv, db", [([], None), (["--db", "a b.sqlite"], Path("a b.sqlite"))])
def test_window_start_is_recognised(argv, db):
    args = cli._window_start(argv)
    assert args is not None and args.command is None and args.db == db


@pytest.mark.parametrize("argv", [["--db"], ["--db", "-h"], ["--db", ""], ["--help"], ["--version"],
                                  ["check"], ["check", "--db", "x"], ["--db", "x", "check"],
                                  ["--db=x.sqlite"]])
def test_anything_else_goes_to_the_full_parser(argv):
    assert cli._window_start(argv) is None


def test_main_opens_the_window_without_importing_the_commands(monkeypatch, tmp_path):
    import thidua_desktop.gui.app as app

    opened = []
    monkeypatch.setattr(app, "run_gui", lambda path, explicit: opened.append((path, explicit)) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the full parser was built"))
    path = tmp_path / "f.sqlite"
    assert cli.main(["--db", str(path)]) == 0
    assert opened == [(path, True)]


def test_bad_usage_still_gets_the_vietnamese_sentence(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--db"])
    assert exc.value.code == 2
    assert "Lỗi cú pháp lệnh" in capsys.readouterr().err
