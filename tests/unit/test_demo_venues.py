"""The demo's commune venues keep the commune's capitals ("Hội trường UBND xã Tân Lợi")."""

from __future__ import annotations


def test_commune_venues_are_capitalised_like_the_commune(demo_db):
    rows = demo_db.execute(
        "SELECT e.venue, k.name || ' ' || u.name FROM events e JOIN units u ON u.id = e.unit_id "
        "JOIN unit_kinds k ON k.code = u.kind WHERE e.level = 'commune'").fetchall()
    assert len(rows) >= 13
    for venue, unit in rows:
        # "Xã Tân Lợi" -> "Hội trường UBND xã Tân Lợi": only the kind goes lower case.
        assert venue == f"Hội trường UBND {unit[0].lower()}{unit[1:]}"
        assert any(word[0].isupper() for word in venue.split()[3:])
