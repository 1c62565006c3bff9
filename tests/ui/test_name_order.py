"""The sort key SQLite orders names by agrees with Qt's QCollator for Vietnamese (ICU)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QCollator, QLocale

from thidua_desktop.domain.names import sort_key

# Syllables chosen to exercise every letter and tone distinction: a ă â, d đ,
# e ê, o ô ơ, u ư, and the five tone marks.
SYLLABLES = [
    "An", "Ăn", "Ân", "Anh", "Ánh", "Ảnh", "Bình", "Binh", "Dũng", "Dung", "Đức", "Đông", "Duc",
    "Em", "Êm", "Hà", "Hạ", "Hả", "Hã", "Há", "Ha", "Hoa", "Hòa", "Hóa", "Hỏa", "Lan", "Lân",
    "Long", "Lộc", "Loc", "Ơn", "Ôn", "On", "Quân", "Quan", "Thư", "Thu", "Thủy", "Thúy", "Uyên",
    "Ưng", "Ung", "Văn", "Vân", "Van", "Yến", "Nguyễn", "Nguyên", "Trần", "Lê", "Phạm", "Điểu",
]
names = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map(" ".join)


def _collator() -> QCollator:
    return QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))


def _given_first(name: str) -> str:
    words = name.split(" ")
    return " ".join([words[-1], *words[:-1]])


@settings(max_examples=200, deadline=None)
@given(st.lists(names, min_size=2, max_size=12, unique=True))
def test_sort_key_orders_like_qcollator(qapp, batch):
    collator = _collator()
    ours = sorted(batch, key=sort_key)
    qts = sorted(batch, key=lambda n: collator.sortKey(_given_first(n)))
    assert ours == qts


def test_known_order():
    order = ["Lê Văn An", "Trần Thị Ăn", "Phạm Ân", "Nguyễn Văn Dũng", "Lê Đức", "Hoàng Ơn"]
    assert sorted(reversed(order), key=sort_key) == order
