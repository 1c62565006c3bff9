"""The packaging files agree with the code: version, data folders, icon, portable mode.

Building the bundle itself is packaging/smoke_test.sh (a separate CI step);
these checks need no PyInstaller.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from thidua_desktop import __version__

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


def test_version_info_matches_the_package():
    text = (PACKAGING / "version_info.txt").read_text(encoding="utf-8")
    numbers = tuple(int(n) for n in __version__.split(".")) + (0,)
    for field in ("filevers", "prodvers"):
        found = re.search(rf"{field}=\(([\d, ]+)\)", text).group(1)
        assert tuple(int(n) for n in found.split(",")) == numbers[:4]
    assert re.findall(r"StringStruct\('(?:File|Product)Version', '([^']+)'\)", text) == [__version__] * 2
    assert "Thi đua Desktop" in text  # UTF-8 Vietnamese names survive


def test_installer_default_version_and_source_match():
    text = (PACKAGING / "thidua.iss").read_text(encoding="utf-8")
    assert f'#define AppVersion "{__version__}"' in text
    assert 'Source: "dist\\ThiDuaDesktop\\*"' in text
    assert "ThiDuaDesktop.exe" in text and "PrivilegesRequired=lowest" in text


def test_spec_bundles_the_data_folders_and_the_discovered_modules():
    source = (PACKAGING / "thidua.spec").read_text(encoding="utf-8")
    ast.parse(source)
    for folder in ("resources", "db", "ui"):
        assert f'(str(ROOT / "{folder}"), "thidua_desktop/{folder}")' in source
    for package in ("thidua_desktop.commands", "thidua_desktop.services.rules"):
        assert f'collect_submodules("{package}")' in source
    assert "rthook_portable.py" in source and 'name="ThiDuaDesktop"' in source
    assert "console=False" in source and "console=True" in source


def test_committed_icons_are_up_to_date():
    done = subprocess.run([sys.executable, str(PACKAGING / "make_icon.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    from PIL import Image

    ico = Image.open(REPO / "resources" / "icons" / "thidua.ico")
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


@pytest.mark.parametrize("portable", [True, False])
def test_runtime_hook_portable_mode(tmp_path, portable):
    """Run the hook as the frozen program would, with the program in tmp_path."""
    program = tmp_path / "ThiDuaDesktop"
    program.write_bytes(b"")
    if portable:
        (tmp_path / "portable.txt").write_text("x", encoding="utf-8")
    script = (
        "import os, sys\n"
        f"sys.executable = {str(program)!r}\n"
        f"exec(compile(open({str(PACKAGING / 'rthook_portable.py')!r}, encoding='utf-8').read(), 'hook', 'exec'))\n"
        "from thidua_desktop.paths import default_db_path, documents_dir\n"
        "from PySide6.QtCore import QSettings\n"
        "print(default_db_path()); print(documents_dir()); print(QSettings.defaultFormat().name)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("THIDUA_PORTABLE_DIR", "THIDUA_HOME")}
    env["PYTHONPATH"] = str(REPO)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         check=True).stdout.splitlines()
    data = tmp_path / "du-lieu"
    if portable:
        assert out == [str(data / "thidua.sqlite"), str(data), "IniFormat"]
        assert data.is_dir()
    else:
        assert out[0] != str(data / "thidua.sqlite") and not data.exists()
        assert out[2] == "NativeFormat"


def test_runtime_hook_gives_a_windowed_program_somewhere_to_print(tmp_path):
    script = (
        "import sys\n"
        "sys.stdout = None; sys.stderr = None\n"
        f"exec(compile(open({str(PACKAGING / 'rthook_portable.py')!r}, encoding='utf-8').read(), 'hook', 'exec'))\n"
        "print('lost'); sys.stderr.write('lost too')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == ""


def test_build_scripts_are_valid_shell():
    for name in ("build.sh", "smoke_test.sh"):
        path = PACKAGING / name
        assert os.access(path, os.X_OK), f"{name} must be executable"
        subprocess.run(["bash", "-n", str(path)], check=True)


def test_build_lock_pins_pyinstaller_with_the_same_versions_as_the_main_lock():
    def pins(path):
        return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", path.read_text(encoding="utf-8"), re.M))

    main, build = pins(REPO / "requirements.lock"), pins(PACKAGING / "requirements-build.lock")
    assert "pyinstaller" in build and "pyinstaller" not in main
    assert {k: v for k, v in build.items() if k in main} == {k: main[k] for k in build if k in main}
