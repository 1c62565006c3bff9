"""Print every pin of requirements.lock that the Windows program installs, one `name==version` a line.

Markers are evaluated as Windows, Python 3.11 (the lock's), not as this
machine: a pin marked `sys_platform == 'win32'` is included, one marked for
Linux only is left out. `.ci/run` passes the list to
`pip download --only-binary=:all: --platform win_amd64`, so a pin without a
Windows wheel fails CI here rather than on the officer's PC.
"""

from __future__ import annotations

import sys
from pathlib import Path

from packaging.markers import Marker

WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
           "platform_machine": "AMD64", "python_version": "3.11", "python_full_version": "3.11.9",
           "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def windows_pins(lock: Path) -> list[str]:
    """`name==version` of every pin whose marker holds on Windows."""
    pins = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement, _, marker = line.partition(";")
        if marker.strip() and not Marker(marker.strip()).evaluate(WINDOWS):
            continue
        pins.append(requirement.strip())
    return pins


if __name__ == "__main__":
    print("\n".join(windows_pins(Path(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock"))))
