"""Setuptools hook: the wheel carries the top-level resources/, db/ and ui/ inside the package.

The source tree keeps them at the top (editors, translators and the
PyInstaller spec find them there); thidua_desktop/paths.py looks inside the
package first, then beside it, so both layouts work. Everything else about
the build is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("resources", "db", "ui")


class BuildPyWithData(build_py):
    """build_py that also copies the data folders into build/lib/thidua_desktop/."""

    def run(self):
        super().run()
        for name in DATA_FOLDERS:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, Path(self.build_lib) / "thidua_desktop" / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildPyWithData})
