"""The import hands each new person's sort keys to its delegate row: no look-up, same keys.

A key given by the caller is only a hint: the trigger of migration 0013
compares it with the person's and corrects a wrong one.
"""

from __future__ import annotations

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import repository
from thidua_desktop.services import roster_service as rs
from thidua_desktop.store.database import open_database


def _keys(db, delegate_id):
    return db.execute("SELECT d.sort_key, p.sort_key FROM delegates d JOIN persons p "
                      "ON p.id = d.person_id WHERE d.id = ?", [delegate_id]).fetchone()


def test_keyed_person_gives_the_delegate_its_key(demo_path):
    db = open_database(demo_path)
    event = repository.event_by_code(db, "dh-hon-quan")
    with db.atomic():
        person_id, keys = rs.add_person_keyed(db, rs.PersonData("  Đặng   Thị Ánh  ", sex="Nữ",
                                                                 position="Giáo viên", workplace="Trường Tiểu học"))
        delegate_id = rs.add_delegate(db, event.id, person_id, rs.DelegateData(),
                                      new_person=True, person_keys=keys)
    key = keys["sort_key"]
    assert key == db.execute("SELECT sort_key FROM persons WHERE id = ?", [person_id]).fetchone()[0]
    assert key and _keys(db, delegate_id) == (key, key)
    # every key the delegate row copies from its person is the person's
    columns = [c for c in keys if c != "sort_key"]
    assert columns  # the person's text columns have stored keys too
    own = db.execute(f"SELECT {', '.join(columns)} FROM delegates WHERE id = ?", [delegate_id]).fetchone()
    theirs = db.execute(f"SELECT {', '.join(columns)} FROM persons WHERE id = ?", [person_id]).fetchone()
    assert own == theirs and any(own)
    db.close()


def test_a_wrong_key_is_corrected_and_none_is_looked_up(demo_path):
    db = open_database(demo_path)
    event = repository.event_by_code(db, "dh-hon-quan")
    with db.atomic():
        first = rs.add_person(db, rs.PersonData("Lò Văn Páo"))
        wrong = rs.add_delegate(db, event.id, first, rs.DelegateData(), new_person=True,
                                person_keys={"sort_key": "zzz"})
        second = rs.add_person(db, rs.PersonData("Hà Thị Mai"))
        looked_up = rs.add_delegate(db, event.id, second, rs.DelegateData(), new_person=True)
    own, person = _keys(db, wrong)
    assert own == person != "zzz"
    assert _keys(db, looked_up)[0] == _keys(db, looked_up)[1]
    db.close()


@pytest.mark.parametrize("length, ok", [(299, True), (300, True), (301, False)])
def test_a_long_text_is_still_refused_after_the_quick_length_check(length, ok):
    data = rs.PersonData("Lò Văn Páo", position="a" * length)
    if ok:
        assert rs.person_row(data)["position"] == "a" * length
    else:
        with pytest.raises(ValidationError, match="Chức vụ"):
            rs.person_row(data)


@pytest.mark.parametrize("length, ok", [(9, True), (10, True), (11, False)])
def test_the_shortest_limit_is_checked_at_its_edge(length, ok):
    # a delegate's collective is checked by delegate_row; sex is checked by value, so the
    # shortest text limit (10, FIELD_MAX["sex"]) is met through _checked_lengths directly
    row = {"sex": "x" * length}
    if ok:
        assert rs._checked_lengths(row) is row
    else:
        with pytest.raises(ValidationError):
            rs._checked_lengths(row)
