"""Attached dossier files: stored once by content beside the database, backed up, opened."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from thidua_desktop.errors import UserError
from thidua_desktop.services import attachments, dossier_service
from thidua_desktop.store.backup import attachments_dir, backup_database, restore_database
from thidua_desktop.store.database import open_database


@pytest.fixture
def demo_items(demo_db):
    return demo_db, dossier_service.items(demo_db)


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_attach_copies_by_content_hash_and_dedups(demo_items, demo_path, tmp_path):
    db, owed = demo_items
    scan = _write(tmp_path / "Tờ trình số 12.pdf", b"%PDF-1.4 scanned letter\n" * 100)
    same = _write(tmp_path / "copy.pdf", scan.read_bytes())
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()

    first = attachments.attach(db, owed[0].id, scan)
    stored = attachments_dir(demo_path) / sha[:2] / sha
    assert stored.is_file() and stored.read_bytes() == scan.read_bytes()
    assert (first.sha256, first.original_name, first.size) == (sha, "Tờ trình số 12.pdf", scan.stat().st_size)

    again = attachments.attach(db, owed[0].id, same)  # same content, same item: one row
    assert again.id == first.id
    other = attachments.attach(db, owed[1].id, same)  # another item: a row, no second copy
    assert other.id != first.id and other.original_name == "copy.pdf"
    blobs = [p for p in attachments_dir(demo_path).rglob("*") if p.is_file()]
    assert blobs == [stored]
    assert dossier_service.item(db, owed[0].id).file_count == 1

    removed = attachments.remove(db, first.id)
    assert attachments.item_files(db, owed[0].id) == [] and stored.is_file()  # kept for undo
    attachments.restore(db, removed)
    assert attachments.item_files(db, owed[0].id) == [first]


def test_open_copy_is_read_only_under_its_name(demo_items, tmp_path):
    db, owed = demo_items
    source = _write(tmp_path / "Biên bản.docx", b"PK\x03\x04 minutes")
    attached = attachments.attach(db, owed[2].id, source)
    opened = attachments.open_copy(db, attached.id, tmp_path / "open")
    assert opened.name == "Biên bản.docx" and opened.read_bytes() == source.read_bytes()
    assert not os.access(opened, os.W_OK) or os.geteuid() == 0
    assert attachments.open_copy(db, attached.id, tmp_path / "open") == opened  # reopen replaces the copy


def test_missing_source_and_unsaved_database(demo_items, memory_db, tmp_path):
    db, owed = demo_items
    with pytest.raises(UserError, match="Không tìm thấy tệp"):
        attachments.attach(db, owed[0].id, tmp_path / "nope.pdf")
    with pytest.raises(UserError, match="chưa được lưu"):
        attachments.store_dir(memory_db)
    assert attachments.missing_files(memory_db) == []


def test_backup_and_restore_keep_the_files(demo_items, demo_path, tmp_path):
    db, owed = demo_items
    data = b"achievement report " * 500
    attached = attachments.attach(db, owed[3].id, _write(tmp_path / "Báo cáo thành tích.pdf", data))
    db.close()

    backup = backup_database(demo_path, tmp_path / "saved" / "backup.sqlite")
    assert (attachments_dir(backup) / attached.sha256[:2] / attached.sha256).read_bytes() == data

    shutil.rmtree(attachments_dir(demo_path))  # the folder lost (or the file copied alone)
    lost = open_database(demo_path)
    try:
        from thidua_desktop.services.rules import dossier_rules

        ids = [r[0] for r in lost.execute("SELECT id FROM events")]
        import datetime as dt

        findings = dossier_rules.run(lost, ids, dt.date(2025, 4, 1))
        assert [f.rule for f in findings if f.rule == "dossier.file_missing"] == ["dossier.file_missing"]
        with pytest.raises(UserError, match="không còn trong thư mục"):
            attachments.open_copy(lost, attached.id, tmp_path / "x")
    finally:
        lost.close()

    restore_database(demo_path, backup)
    back = open_database(demo_path)
    try:
        assert attachments.item_files(back, owed[3].id)[0].sha256 == attached.sha256
        assert attachments.open_copy(back, attached.id, tmp_path / "o").read_bytes() == data
        assert attachments.missing_files(back) == []
    finally:
        back.close()
