"""Files attached to dossier items, kept by content in the folder beside the database.

A received file is copied once into `<db>-tep-dinh-kem/<ab>/<sha256>` (the
first two hex digits make sub-folders so no folder grows huge); the same
content attached again, to any item, is stored once. `dossier_files` rows
name the file for each item. Stored files are never changed or deleted by
the app: removing an attachment drops its row only, so undo and older
backups always find their files. To open one, a read-only copy under its
original name is made in the temp folder (the system's program sees the real
name, and nothing can alter the stored copy).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.errors import NotFoundError, UserError
from thidua_desktop.store.backup import attachments_dir

_CHUNK = 1 << 20
_BAD_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@dataclass(frozen=True)
class AttachedFile:
    """One attachment of an item (a `dossier_files` row)."""

    id: int
    item_id: int
    sha256: str
    original_name: str
    size: int
    added_at: str


def database_file(db: Database) -> Path:
    """The file behind `db`; a UserError for an unsaved (in-memory) database."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    raise UserError("Dữ liệu chưa được lưu thành tệp nên chưa đính kèm được; hãy mở hoặc tạo tệp dữ liệu trước.")


def store_dir(db: Database) -> Path:
    """The attachments folder of the database."""
    return attachments_dir(database_file(db))


def blob_path(db: Database, sha256: str) -> Path:
    """Where a content hash is stored."""
    return store_dir(db) / sha256[:2] / sha256


def file_hash(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def store_file(db: Database, source: str | Path) -> tuple[str, int]:
    """Copy `source` into the store (once per content); return (sha256, size)."""
    source = Path(source)
    if not source.is_file():
        raise UserError(f"Không tìm thấy tệp “{source}”; hãy chọn lại tệp.")
    try:
        sha, size = file_hash(source)
        target = blob_path(db, sha)
        if target.is_file() and target.stat().st_size == size:
            return sha, size
        target.parent.mkdir(parents=True, exist_ok=True)
        # Copy beside the target, check, then rename: a crash never leaves a half file under the hash.
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            shutil.copyfile(source, tmp)
            if file_hash(tmp)[0] != sha:
                raise UserError(f"Tệp “{source.name}” thay đổi trong lúc sao chép; hãy đính kèm lại.")
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    except PermissionError as exc:
        raise UserError(f"Không đọc hoặc ghi được tệp “{source.name}” ({exc.strerror}); "
                        "hãy đóng chương trình đang mở tệp rồi thử lại.") from exc
    except OSError as exc:
        raise UserError(f"Không sao chép được tệp “{source.name}” vào thư mục tệp đính kèm "
                        f"({exc.strerror or exc}); hãy kiểm tra chỗ trống trên ổ đĩa.") from exc
    return sha, size


def attach(db: Database, item_id: int, source: str | Path) -> AttachedFile:
    """Attach a copy of `source` to the item; the same content twice on one item is one row."""
    if db.execute("SELECT 1 FROM dossier_items WHERE id = ?", [item_id]).fetchone() is None:
        raise NotFoundError(f"Không có mục hồ sơ số {item_id}.")
    sha, size = store_file(db, source)
    existing = db.execute(
        "SELECT id FROM dossier_files WHERE dossier_item_id = ? AND sha256 = ?", [item_id, sha]).fetchone()
    if existing:
        return file(db, existing[0])
    file_id = db["dossier_files"].insert({
        "dossier_item_id": item_id, "sha256": sha, "original_name": unicodedata.normalize("NFC", Path(source).name), "size": size,
    }).last_pk
    return file(db, file_id)


def file(db: Database, file_id: int) -> AttachedFile:
    """One attachment by id."""
    rows = list(db.query("SELECT * FROM dossier_files WHERE id = ?", [file_id]))
    if not rows:
        raise NotFoundError(f"Không có tệp đính kèm số {file_id}.")
    return _file(rows[0])


def item_files(db: Database, item_id: int) -> list[AttachedFile]:
    """The attachments of an item, oldest first."""
    return [_file(r) for r in db.query(
        "SELECT * FROM dossier_files WHERE dossier_item_id = ? ORDER BY id", [item_id])]


def _file(r: dict) -> AttachedFile:
    return AttachedFile(r["id"], r["dossier_item_id"], r["sha256"], r["original_name"], r["size"],
                        r["added_at"])


def remove(db: Database, file_id: int) -> AttachedFile:
    """Detach a file (its stored copy stays, for undo and older backups); return the row."""
    removed = file(db, file_id)
    db.execute("DELETE FROM dossier_files WHERE id = ?", [file_id])
    return removed


def restore(db: Database, attached: AttachedFile) -> None:
    """Put a detached row back with its id (undo of `remove`)."""
    db["dossier_files"].insert({
        "id": attached.id, "dossier_item_id": attached.item_id, "sha256": attached.sha256,
        "original_name": attached.original_name, "size": attached.size, "added_at": attached.added_at,
    })


def missing_files(db: Database) -> list[AttachedFile]:
    """Attachments whose stored copy is gone from the folder (e.g. the database copied alone)."""
    try:
        folder = store_dir(db)
    except UserError:
        return []
    return [_file(r) for r in db.query("SELECT * FROM dossier_files ORDER BY id")
            if not (folder / r["sha256"][:2] / r["sha256"]).is_file()]


# Device names Windows reserves in every folder, with or without an extension ("CON.docx").
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                       *(f"LPT{i}" for i in range(1, 10))})


def safe_name(name: str) -> str:
    """A file name every system accepts (the original's, cleaned; Windows device names escaped)."""
    cleaned = _BAD_NAME.sub("_", Path(name).name).strip(" .") or "tep-dinh-kem"
    if cleaned.split(".", 1)[0].rstrip(" ").upper() in _RESERVED:
        cleaned = "_" + cleaned
    return cleaned[:150]


def open_copy(db: Database, file_id: int, folder: Path | None = None) -> Path:
    """A read-only copy of the attachment under its original name, to open with the system."""
    attached = file(db, file_id)
    source = blob_path(db, attached.sha256)
    if not source.is_file():
        raise UserError(
            f"Tệp “{attached.original_name}” không còn trong thư mục tệp đính kèm “{source.parent.parent}”. "
            "Hãy chép lại thư mục này từ bản sao lưu, hoặc đính kèm lại tệp.")
    folder = folder or Path(tempfile.gettempdir()) / "thidua-desktop" / attached.sha256[:16]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_name(attached.original_name)
    if target.exists():
        target.chmod(stat.S_IREAD | stat.S_IWRITE)
        target.unlink()
    shutil.copyfile(source, target)
    target.chmod(stat.S_IREAD)
    return target
