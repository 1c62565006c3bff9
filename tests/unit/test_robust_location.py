"""Network shares and removable drives are recognised on Linux and Windows."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua_desktop.store import location
from thidua_desktop.store.location import NETWORK, REMOVABLE, storage_kind

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export /mnt/nfs nfs4 rw,vers=4.2 0 0
//fileserver/phongnoivu /mnt/share cifs rw,vers=3.0 0 0
/dev/sdb1 /media/can\\040bo/USB\\040KINGSTON vfat rw,uid=1000 0 0
/dev/mmcblk0p1 /media/the-nho exfat rw 0 0
sshfs#me@host: /home/me/remote fuse.sshfs rw 0 0
/dev/nvme0n1p2 /home ext4 rw 0 0
"""


@pytest.fixture
def fake_sys(tmp_path) -> Path:
    """A /sys/block tree: sdb and mmcblk0 removable, vda and nvme0n1 fixed."""
    root = tmp_path / "sys"
    for name, flag in (("vda", "0"), ("sdb", "1"), ("mmcblk0", "1"), ("nvme0n1", "0")):
        (root / "block" / name).mkdir(parents=True)
        (root / "block" / name / "removable").write_text(flag + "\n")
    return root


@pytest.mark.parametrize("path, kind", [
    ("/home/can-bo/Documents/ThiDua/thidua.sqlite", "local"),
    ("/tmp/thidua.sqlite", "local"),
    ("/mnt/nfs/thidua.sqlite", NETWORK),
    ("/mnt/share/2025/thidua.sqlite", NETWORK),
    ("/home/me/remote/thidua.sqlite", NETWORK),
    ("/media/can bo/USB KINGSTON/thidua.sqlite", REMOVABLE),
    ("/media/the-nho/ThiDua/thidua.sqlite", REMOVABLE),
    ("/mnt/nfsx/thidua.sqlite", "local"),  # a prefix is not a mount point
])
def test_linux_places(path, kind, fake_sys):
    assert storage_kind(path, platform="linux", mounts_text=MOUNTS, sys_root=fake_sys) == kind


@pytest.mark.parametrize("path", [r"\\server\share\ThiDua\thidua.sqlite", "//server/share/thidua.sqlite"])
def test_windows_unc_path_is_network(path):
    assert storage_kind(path, platform="win32") == NETWORK


@pytest.mark.parametrize("drive_type, kind", [(2, REMOVABLE), (4, NETWORK), (3, "local"), (0, "local")])
def test_windows_drive_types(monkeypatch, drive_type, kind):
    roots = []

    def fake_drive_type(root):
        roots.append(root)
        return drive_type

    monkeypatch.setattr(location, "_drive_type", fake_drive_type)
    assert storage_kind(r"E:\ThiDua\thidua.sqlite", platform="win32") == kind
    assert roots == ["E:\\"]


def test_this_machine_temp_folder_is_not_flagged(tmp_path):
    # The CI runner's temp folder is a local disk or tmpfs, never a share or a stick.
    assert storage_kind(tmp_path / "x.sqlite") == "local"


@pytest.mark.parametrize("kind, words", [(NETWORK, "ổ mạng"), (REMOVABLE, "ổ đĩa rời")])
def test_risk_messages_are_vietnamese_and_offer_a_copy(kind, words):
    message = location.risk_message(Path("/x/thidua.sqlite"), kind)
    assert words in message and "bản sao trong máy" in message
    assert location.risk_message(Path("/x/thidua.sqlite"), "local") is None
