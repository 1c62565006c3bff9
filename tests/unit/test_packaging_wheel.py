"""The wheel carries the templates, the schema and the forms inside the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy: an in-tree build leaves build/ and *.egg-info in the checkout.
    source = tmp_path_factory.mktemp("source") / "thidua-desktop"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", ".*_cache"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=600,
    )
    if done.returncode != 0 and ("network" in done.stderr.lower() or "connection" in done.stderr.lower()):
        pytest.skip("building the wheel needs setuptools from the package index, which is unreachable")
    assert done.returncode == 0, done.stderr[-3000:]
    wheel, = out.glob("thidua_desktop-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def _tracked(folder: str, pattern: str) -> set[str]:
    return {f"thidua_desktop/{p.relative_to(REPO).as_posix()}" for p in (REPO / folder).glob(pattern)
            if p.is_file()}


@pytest.mark.parametrize("folder, pattern", [
    ("resources", "templates/*.json"), ("resources", "fonts/*.ttf"), ("db", "*.sql"), ("ui", "*.ui"),
])
def test_wheel_holds_the_data_folders_inside_the_package(wheel_names, folder, pattern):
    wanted = _tracked(folder, pattern)
    assert wanted, f"nothing matches {folder}/{pattern} in the source tree"
    assert wanted <= wheel_names, sorted(wanted - wheel_names)


def test_wheel_holds_every_subpackage_and_no_tests(wheel_names):
    packages = {f"{p.parent.relative_to(REPO).as_posix()}/__init__.py"
                for p in (REPO / "thidua_desktop").rglob("__init__.py")}
    assert packages <= wheel_names, sorted(packages - wheel_names)
    assert not any(name.startswith(("tests/", "packaging/", "bench/")) for name in wheel_names)
    assert "thidua_desktop/paths.py" in wheel_names
