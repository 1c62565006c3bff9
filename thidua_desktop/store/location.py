"""Where does the file live? Network shares and removable drives are risky places.

SQLite's write-ahead log needs shared memory that network file systems do not
give, and USB sticks acknowledge writes they have not made. The app warns and
offers to work on a local copy. Detection: a UNC path or GetDriveTypeW on
Windows; /proc/mounts and /sys/block/*/removable on Linux.
"""

from __future__ import annotations

import logging
import ntpath
import os
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

LOCAL, NETWORK, REMOVABLE = "local", "network", "removable"

NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "ncpfs", "afs", "9p", "ceph",
    "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.davfs2", "fuse.gvfsd-fuse",
    "fuse.rclone", "fuse.s3fs",
}

# GetDriveTypeW results.
DRIVE_REMOVABLE, DRIVE_REMOTE = 2, 4


@dataclass
class Mount:
    """One line of /proc/mounts."""

    device: str
    point: str
    fstype: str


def _unescape(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as octal escapes.
    return (field.replace("\\040", " ").replace("\\011", "\t")
            .replace("\\012", "\n").replace("\\134", "\\"))


def parse_mounts(text: str) -> list[Mount]:
    """The mounts listed in /proc/mounts text."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append(Mount(_unescape(parts[0]), _unescape(parts[1]), parts[2]))
    return mounts


def mount_of(path: Path, mounts: list[Mount]) -> Mount | None:
    """The mount holding `path` (the longest mount point that contains it)."""
    best = None
    text = str(path)
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = text == point or text.startswith(point + "/") or point == "/"
        if inside and (best is None or len(point) > len(best.point.rstrip("/") or "/")):
            best = mount
    return best


def _block_name(device: str, sys_root: Path) -> str | None:
    """The /sys/block entry of a device node such as /dev/sdb1 or /dev/mmcblk0p1."""
    if not device.startswith("/dev/"):
        return None
    name = Path(os.path.realpath(device)).name if device.startswith("/dev/disk/") else device[5:]
    block = sys_root / "block"
    if (block / name).is_dir():
        return name
    # A partition: /sys/class/block/sdb1 links into /sys/block/sdb/sdb1.
    part = sys_root / "class" / "block" / name
    if part.exists():
        parent = Path(os.path.realpath(part)).parent.name
        if (block / parent).is_dir():
            return parent
    # Fall back on the name: sdb1 -> sdb, mmcblk0p1 -> mmcblk0, nvme0n1p2 -> nvme0n1.
    for candidate in sorted(p.name for p in block.iterdir()) if block.is_dir() else []:
        if name.startswith(candidate) and name != candidate:
            return candidate
    return None


def _linux_kind(path: Path, mounts_text: str | None, sys_root: Path) -> str:
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return LOCAL
    mount = mount_of(path, parse_mounts(mounts_text))
    if mount is None:
        return LOCAL
    if mount.fstype in NETWORK_FS or mount.device.startswith("//"):
        return NETWORK
    name = _block_name(mount.device, sys_root)
    if name:
        try:
            flag = (sys_root / "block" / name / "removable").read_text().strip()
        except OSError:
            flag = "0"
        if flag == "1":
            return REMOVABLE
    return LOCAL


def _drive_type(root: str) -> int:
    """GetDriveTypeW of a drive root such as `E:\\` (0, unknown, off Windows)."""
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))
    except (AttributeError, OSError):
        return 0


def _windows_kind(path: str) -> str:
    if path.startswith("\\\\") or path.startswith("//"):
        return NETWORK  # UNC path: \\server\share\...
    drive = ntpath.splitdrive(path)[0]
    if not drive:
        return LOCAL
    kind = _drive_type(drive + "\\")
    if kind == DRIVE_REMOTE:
        return NETWORK
    if kind == DRIVE_REMOVABLE:
        return REMOVABLE
    return LOCAL


def storage_kind(path: str | Path, *, platform: str | None = None,
                 mounts_text: str | None = None, sys_root: Path = Path("/sys")) -> str:
    """`local`, `network` or `removable` for the place that holds `path`.

    The keyword arguments let tests describe another machine.
    """
    platform = platform or sys.platform
    if platform == "win32":
        text = str(path)
        if not text.startswith(("\\\\", "//")):
            text = ntpath.abspath(text)
        return _windows_kind(text)
    if platform.startswith("linux"):
        return _linux_kind(Path(os.path.realpath(path)), mounts_text, sys_root)
    return LOCAL


def risk_message(path: Path, kind: str) -> str | None:
    """The Vietnamese warning for a risky place, or None for a local disk."""
    if kind == NETWORK:
        where = "trên ổ mạng (thư mục dùng chung)"
    elif kind == REMOVABLE:
        where = "trên ổ đĩa rời (USB, thẻ nhớ)"
    else:
        return None
    return (
        f"Tệp “{path.name}” nằm {where}. Làm việc trực tiếp trên đó có thể làm hỏng dữ liệu "
        "khi mất kết nối hoặc khi rút thiết bị. Nên làm việc trên một bản sao trong máy; "
        "khi xong, dùng Tệp > Sao lưu… để chép lại ra thiết bị."
    )
