"""The reward round's documents as plain data: decision + attached list, tờ trình, minutes, receipts.

Each builder reads the round once and returns an `AwardDoc`: letterhead,
title lines, a list of blocks (paragraphs and tables) and the signature, all
plain text passed through the one text cleaner's `scrub`. The PDF, Word and
Excel writers (award_pdf, award_docx, award_xlsx) draw any AwardDoc in the
state format and never query anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlite_utils import Database

from thidua_desktop.domain.safe_text import scrub
from thidua_desktop.export.state_format import Letterhead, Recipients, Signature, state_date
from thidua_desktop.services import awards_service as svc
from thidua_desktop.services.awards_figures import FORMS_TABLE, TITLES_TABLE
from thidua_desktop.services.awards_forms import LEVEL_NAMES


@dataclass(frozen=True)
class Para:
    """A paragraph: style body (justified, indented), center, bold_center, italic_center, bold."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Table:
    """A table: header, rows (a row of one cell spans the table, bold: a group heading)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]  # one 0: the rest of the text width
    centred: tuple[int, ...] = (0,)  # columns centred
    min_row_mm: float = 0  # receipts: room for a signature


@dataclass(frozen=True)
class PageBreak:
    """A new page (the attached list after the decision)."""


@dataclass(frozen=True)
class SignHere:
    """Where the signature block goes when it is not at the end (the decision, before its list)."""


@dataclass(frozen=True)
class AwardDoc:
    """One document of a round, ready for any writer."""

    kind: str
    letterhead: Letterhead
    title: tuple[str, ...]
    blocks: tuple = ()
    signature: Signature | None = None
    recipients: Recipients | None = None
    file_title: str = ""
    sheet_rows: tuple = field(default_factory=tuple)  # xlsx: (header, rows) of the main table


def _date_words(day: dt.date | None) -> str:
    if day is None:
        return "ngày ... tháng ... năm ..."
    return f"ngày {state_date(day)}"  # the state format's date, as on the certificates


def _basics(db: Database, rnd: svc.Round):
    issuer_upper, place = svc.issuer_name(db, rnd)
    forms = svc.form_set_of(db, rnd)
    approved = svc.proposals(db, rnd, state="approved")
    return issuer_upper, place, forms, approved


def _chair(issuer_upper: str) -> str:
    """"CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN HỚN QUẢN" from "UBND HUYỆN HỚN QUẢN"."""
    return "CHỦ TỊCH ỦY BAN NHÂN DÂN " + issuer_upper.removeprefix("UBND ").strip()


def _full_body(issuer_upper: str) -> str:
    """The issuing body on one line ("UBND HUYỆN HỚN QUẢN"): the heading's column holds one line,
    and the rule under it is measured on that line."""
    return issuer_upper


def _chair_words(issuer_upper: str) -> str:
    """"Chủ tịch Ủy ban nhân dân huyện Hớn Quản" for the running text."""
    rest = issuer_upper.removeprefix("UBND ").strip().split(" ", 1)
    kind = rest[0].lower()
    name = rest[1].title() if len(rest) > 1 else ""
    return f"Chủ tịch Ủy ban nhân dân {kind} {name}".strip()


def _form_label(approved) -> str:
    names = sorted({p.form_name for p in approved})
    return names[0] if len(names) == 1 else "các hình thức khen thưởng"


def list_tables(approved, with_votes: bool = False) -> tuple[Table, ...]:
    """The attached list: collectives then persons, each with its unit, in the decision's order."""
    tables = []
    collectives = [p for p in approved if p.kind == "collective"]
    persons = [p for p in approved if p.kind == "person"]
    if collectives:
        rows = tuple((str(i), p.name, p.unit) for i, p in enumerate(collectives, 1))
        tables.append((Para(f"I. TẬP THỂ ({len(collectives)} tập thể)", "bold"),
                       Table(("STT", "Tên tập thể", "Đơn vị đề nghị"), rows, (14, 0, 50))))
    if persons:
        rows = tuple((str(i), p.name, ", ".join(t for t in (p.position, p.workplace) if t), p.unit)
                     for i, p in enumerate(persons, 1))
        head = "II" if collectives else "I"
        tables.append((Para(f"{head}. CÁ NHÂN ({len(persons)} cá nhân)", "bold"),
                       Table(("STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Đơn vị đề nghị"), rows,
                             (14, 48, 0, 40))))
    return tuple(b for pair in tables for b in pair)


def decision(db: Database, rnd: svc.Round, with_list: bool = True) -> AwardDoc:
    """The quyết định and (with_list) its danh sách kèm theo."""
    issuer_upper, place, forms, approved = _basics(db, rnd)
    if not approved:
        raise svc.ValidationError("Đợt này chưa có đề nghị nào được khen thưởng.")
    label = _form_label(approved)
    persons = sum(p.kind == "person" for p in approved)
    collectives = len(approved) - persons
    lh = Letterhead("", _full_body(issuer_upper), f"Số: {rnd.decision_number or '.../QĐ-UBND'}", place,
                    rnd.decision_date, rnd.year)
    chair = _chair(issuer_upper)
    blocks = [Para(chair, "bold_center"),
              Para("Căn cứ Luật Tổ chức chính quyền địa phương;", "body"),
              Para("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "body"),
              Para(f"Căn cứ {forms.decree} của Chính phủ quy định chi tiết thi hành một số điều của "
                   "Luật Thi đua, khen thưởng;", "body"),
              Para(f"Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng {_date_words(rnd.meeting_date)};", "body"),
              Para("Theo đề nghị của Trưởng phòng Nội vụ.", "body"),
              Para("QUYẾT ĐỊNH:", "bold_center"),
              Para(f"Điều 1. Tặng {label} cho {collectives} tập thể và {persons} cá nhân "
                   "(có danh sách kèm theo) đã có thành tích xuất sắc trong "
                   f"{rnd.name[0].lower() + rnd.name[1:] if rnd.name else 'phong trào thi đua'}.", "body"),
              Para("Điều 2. Tiền thưởng kèm theo thực hiện theo quy định hiện hành về thi đua, khen thưởng.",
                   "body"),
              Para("Điều 3. Chánh Văn phòng, Trưởng phòng Nội vụ, Thủ trưởng các cơ quan, đơn vị liên quan "
                   "và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.", "body")]
    tail = []
    if with_list:
        tail = [PageBreak(), Para("DANH SÁCH", "title"),
                Para(f"Tập thể, cá nhân được tặng {label}", "bold_center"),
                Para(f"(Kèm theo Quyết định số {rnd.decision_number or '...'} {_date_words(rnd.decision_date)} "
                     f"của {_chair_words(issuer_upper)})", "italic_center"),
                *list_tables(approved)]
    sign = Signature("Chủ tịch", rnd.signer_name, "")
    recipients = Recipients(("- Như Điều 3;", "- Lưu: VT, NV."))
    # The signature closes the decision itself; the list follows on its own page.
    blocks += [SignHere()] if with_list else []
    return scrub(AwardDoc("decision", lh, ("QUYẾT ĐỊNH", f"Về việc tặng {label}"), tuple(blocks + tail), sign,
                          recipients, file_title=f"Quyết định khen thưởng - {rnd.name}"))


def attached_list(db: Database, rnd: svc.Round) -> AwardDoc:
    """The danh sách alone (printable, signed), and its rows for a spreadsheet."""
    issuer_upper, place, _forms, approved = _basics(db, rnd)
    label = _form_label(approved) if approved else "khen thưởng"
    lh = Letterhead("", _full_body(issuer_upper), "", place, rnd.decision_date, rnd.year)
    note = (f"(Kèm theo Quyết định số {rnd.decision_number} {_date_words(rnd.decision_date)})" if rnd.decided
            else "(Dự thảo, trình Hội đồng Thi đua - Khen thưởng)")
    rows = tuple((p.kind == "person" and "Cá nhân" or "Tập thể", p.name,
                  ", ".join(t for t in (p.position, p.workplace) if t), p.unit, p.form_name) for p in approved)
    return scrub(AwardDoc("list", lh, ("DANH SÁCH", f"Tập thể, cá nhân được tặng {label}"),
                          (Para(note, "italic_center"), *list_tables(approved)),
                          Signature("Chủ tịch", rnd.signer_name, ""), None,
                          file_title=f"Danh sách khen thưởng - {rnd.name}",
                          sheet_rows=(("STT", "Loại", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị công tác",
                                       "Đơn vị đề nghị", "Hình thức"),
                                      tuple((str(i), *r) for i, r in enumerate(rows, 1)))))


def submission(db: Database, rnd: svc.Round) -> AwardDoc:
    """The tờ trình of the office (Phòng Nội vụ) proposing the decision."""
    issuer_upper, place, forms, approved = _basics(db, rnd)
    proposed = svc.proposals(db, rnd)
    label = _form_label(approved) if approved else "khen thưởng"
    lh = Letterhead(issuer_upper, "PHÒNG NỘI VỤ", "Số: .../TTr-NV", place, rnd.meeting_date, rnd.year)
    units = len({p.unit_id for p in proposed})
    blocks = (Para(f"Kính gửi: {_chair_words(issuer_upper)}.", "center"),
              Para(f"Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và {forms.decree};", "body"),
              Para(f"Trên cơ sở đề nghị của {units} đơn vị với {len(proposed)} hồ sơ và kết quả họp Hội đồng "
                   f"Thi đua - Khen thưởng {_date_words(rnd.meeting_date)}, Phòng Nội vụ kính trình Chủ tịch "
                   f"xem xét, tặng {label} cho {len(approved)} tập thể, cá nhân (có danh sách kèm theo).", "body"),
              Para("Kính trình Chủ tịch xem xét, quyết định./.", "body"),
              *list_tables(approved))
    return scrub(AwardDoc("submission", lh, ("TỜ TRÌNH", f"Về việc đề nghị tặng {label}"), blocks,
                          Signature("Trưởng phòng", "", ""), Recipients(("- Như trên;", "- Lưu: VT, NV.")),
                          file_title=f"Tờ trình khen thưởng - {rnd.name}"))


def minutes(db: Database, rnd: svc.Round) -> AwardDoc:
    """The biên bản of the council meeting with the tally against the plan's threshold."""
    issuer_upper, place, _forms, _approved = _basics(db, rnd)
    rule = svc.council_rule(db, rnd)
    props = [p for p in svc.proposals(db, rnd) if p.votes_for is not None]
    need = rule.needed(rnd.members_present)
    share = f"{'trên' if rule.strictly_more else 'từ'} {rule.threshold:.0%}".replace(".", ",")
    lh = Letterhead(issuer_upper, "HỘI ĐỒNG TĐKT", "Số: .../BB-HĐTĐKT", place,
                    rnd.meeting_date, rnd.year)
    rows = tuple((str(i), p.name, p.unit, str(p.votes_for), f"{p.votes_for / rnd.members_present:.1%}"
                  .replace(".", ","), "Đạt" if rule.passes(p.votes_for, rnd.members_present) else "Không đạt")
                 for i, p in enumerate(props, 1)) if rnd.members_present else ()
    passed = sum(r[5] == "Đạt" for r in rows)
    blocks = (Para(f"Hôm nay, {_date_words(rnd.meeting_date)}, Hội đồng Thi đua - Khen thưởng họp xét "
                   f"đề nghị khen thưởng: {rnd.name}.", "body"),
              Para(f"Thành viên Hội đồng: {rnd.council_members}; có mặt: {rnd.members_present}; "
                   f"vắng: {max(rnd.council_members - rnd.members_present, 0)}.", "body"),
              Para(f"Hội đồng biểu quyết bằng phiếu kín. Đề nghị được thông qua khi có số phiếu đồng ý {share} "
                   f"tổng số thành viên có mặt, tức ít nhất {need} phiếu trên {rnd.members_present}.", "body"),
              Para("KẾT QUẢ KIỂM PHIẾU", "bold_center"),
              Table(("STT", "Họ và tên / Tên tập thể", "Đơn vị", "Số phiếu đồng ý", "Tỷ lệ", "Kết quả"), rows,
                    (14, 0, 36, 22, 20, 24), centred=(0, 3, 4, 5)),
              Para(f"Kết quả: {passed} trên {len(rows)} đề nghị đạt tỷ lệ biểu quyết; Hội đồng thống nhất đề nghị "
                   "Chủ tịch xem xét, quyết định khen thưởng.", "body"),
              Para("Biên bản kết thúc vào hồi ... giờ ... cùng ngày, đã thông qua các thành viên dự họp.", "body"))
    return scrub(AwardDoc("minutes", lh, ("BIÊN BẢN", "Họp Hội đồng Thi đua - Khen thưởng"), blocks,
                          Signature("Chủ tịch Hội đồng", rnd.signer_name, ""), None,
                          file_title=f"Biên bản họp Hội đồng - {rnd.name}"))


def receipts(db: Database, rnd: svc.Round) -> AwardDoc:
    """The danh sách ký nhận: each awardee signs for the certificate."""
    issuer_upper, place, _forms, approved = _basics(db, rnd)
    lh = Letterhead("", _full_body(issuer_upper), "", place, rnd.decision_date, rnd.year)
    rows = tuple((str(i), p.name, p.unit, p.form_name.split(" của ")[0], "") for i, p in enumerate(approved, 1))
    header = ("STT", "Họ và tên / Tên tập thể", "Đơn vị", "Hình thức", "Ký nhận")
    note = f"(Theo Quyết định số {rnd.decision_number} {_date_words(rnd.decision_date)})" if rnd.decided else ""
    return scrub(AwardDoc("receipts", lh, ("DANH SÁCH KÝ NHẬN", "Giấy khen, Bằng khen và tiền thưởng"),
                          (Para(note, "italic_center"),
                           Table(header, rows, (14, 0, 40, 26, 34), centred=(0,), min_row_mm=11)),
                          Signature("Người lập danh sách", "", ""), None,
                          file_title=f"Danh sách ký nhận - {rnd.name}", sheet_rows=(header, rows)))


def level_name(level: str) -> str:
    """"Cấp huyện" for "district"."""
    return LEVEL_NAMES.get(level, level)


# The summary report's outline (đề cương báo cáo tổng kết): headings, and where the figures go.
REPORT_OUTLINE = (
    ("I. ĐẶC ĐIỂM TÌNH HÌNH", ()),
    ("II. KẾT QUẢ TỔ CHỨC PHONG TRÀO THI ĐUA VÀ CÔNG TÁC KHEN THƯỞNG", ()),
    ("1. Công tác tổ chức phong trào thi đua", ("Cơ cấu đại biểu dự Đại hội, Hội nghị",)),
    ("2. Công tác khen thưởng", ("Khen thưởng theo cấp", TITLES_TABLE, FORMS_TABLE, "Tập thể và cá nhân",
                                 "Nữ và người lao động trực tiếp trong số cá nhân")),
    ("III. ĐÁNH GIÁ CHUNG", ()),
    ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TỚI", ()),
    ("V. ĐỀ XUẤT, KIẾN NGHỊ", ()),
)


def report_draft(tables, letterhead: Letterhead, period: str) -> AwardDoc:
    """A Word draft of the summary report: the outline's headings, the figures where they belong,
    and a reminder line where the officer writes the text."""
    by_title = {t.title: t for t in tables}
    blocks: list = []
    number = 0  # tables are numbered through the whole report
    for heading, figures in REPORT_OUTLINE:
        blocks.append(Para(heading, "bold"))
        if not figures:
            blocks.append(Para("(Nội dung do cơ quan soạn thảo bổ sung.)", "body"))
        for title in figures:
            table = by_title.get(title)
            if table is None:
                continue
            number += 1
            blocks.append(Para(f"Bảng {number}. {table.title}", "italic_center"))
            inner = len(table.header) - 2
            # Year columns take 14 mm; level names ("Cấp huyện") need 20 not to break inside a word.
            width = 14 if all(h.isdigit() for h in table.header[1:-1] if h != "Cộng") else 20
            blocks.append(Table(tuple(table.header), tuple(tuple(str(v) for v in row) for row in table.rows),
                                (0, *([width] * inner), 16), centred=tuple(range(1, inner + 2))))
    return scrub(AwardDoc("report", letterhead, ("BÁO CÁO", f"Tổng kết phong trào thi đua và công tác khen thưởng "
                                                          f"giai đoạn {period}", "(Dự thảo)"),
                          tuple(blocks), Signature("Chủ tịch", ""), Recipients(("- Lưu: VT.",)),
                          file_title=f"Báo cáo tổng kết {period} (dự thảo)"))
