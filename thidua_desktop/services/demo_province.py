"""The province demo: Đồng Nai's 2026 congress from template `tinh-dai-hoi-2026`, deterministic.

Fifteen groups: ten emulation clusters of five communes or wards each and
five blocs of four departments, schools or enterprises; the first member of
each heads it. Each group holds its own conference (April - May 2026) with
its member units' exemplars, leaders and guests; three to five of each
conference's exemplars go on to the province congress (20 August 2026),
whose seats are shared in proportion to each unit's figure (the template's
rule). About three hundred delegates in all. The names are made up for the
demo (no official list of Đồng Nai's clusters is implied). The Hớn Quản demo
(`services/demo.py`) stays as it is; this one is `demo --province`.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlite_utils import Database

from thidua_desktop.services import dossier_service, repository, timeline_service
from thidua_desktop.services.demo import (
    EXEMPLARY_ROLES,
    _fill,
    _Names,
    _person,
    _presenters,
    local_position,
    prepare_file,
)
from thidua_desktop.services.plan_service import create_plan
from thidua_desktop.services.roster_service import DelegateData, add_delegate, promote
from thidua_desktop.services.unit_list import UnitSpec
from thidua_desktop.store.database import open_database
from thidua_desktop.templates.loader import load_template

SEED = 2026
TEMPLATE_ID = "tinh-dai-hoi-2026"
ORGANISER = "Đồng Nai"

# (kind, name) of the communes and wards, five to a cluster.
COMMUNES = [
    ("phuong", "Trấn Biên"), ("phuong", "Biên Hòa"), ("phuong", "Tam Hiệp"), ("phuong", "Long Bình"),
    ("phuong", "Hố Nai"), ("phuong", "Long Khánh"), ("phuong", "Bình Lộc"), ("phuong", "Bảo Vinh"),
    ("xa", "Xuân Lập"), ("xa", "Hàng Gòn"), ("xa", "Long Thành"), ("xa", "An Phước"),
    ("xa", "Bình An"), ("xa", "Phước Thái"), ("xa", "Long Phước"), ("xa", "Nhơn Trạch"),
    ("xa", "Đại Phước"), ("xa", "Phước An"), ("xa", "Hiệp Phước"), ("xa", "Phú Hội"),
    ("xa", "Trảng Bom"), ("xa", "Bàu Hàm"), ("xa", "Hưng Thịnh"), ("xa", "An Viễn"),
    ("xa", "Bình Minh"), ("xa", "Định Quán"), ("xa", "Phú Vinh"), ("xa", "La Ngà"),
    ("xa", "Thanh Sơn"), ("xa", "Phú Hòa"), ("xa", "Tân Phú"), ("xa", "Đak Lua"),
    ("xa", "Nam Cát Tiên"), ("xa", "Tà Lài"), ("xa", "Phú Lâm"), ("xa", "Xuân Lộc"),
    ("xa", "Xuân Hòa"), ("xa", "Xuân Định"), ("xa", "Xuân Phú"), ("xa", "Xuân Thành"),
    ("phuong", "Đồng Xoài"), ("phuong", "Bình Phước"), ("phuong", "Chơn Thành"), ("xa", "Minh Hưng"),
    ("xa", "Tân Lợi"), ("phuong", "Bình Long"), ("phuong", "An Lộc"), ("xa", "Lộc Ninh"),
    ("xa", "Lộc Thạnh"), ("xa", "Thiện Hưng"),
]
# (kind, name) of the members of each bloc, four to a bloc.
BLOC_MEMBERS = [
    [("so", "Nội vụ"), ("so", "Tài chính"), ("so", "Tư pháp"), ("co_quan", "Văn phòng UBND tỉnh")],
    [("so", "Xây dựng"), ("so", "Công Thương"), ("so", "Nông nghiệp và Môi trường"),
     ("ban", "Quản lý các Khu công nghiệp")],
    [("so", "Giáo dục và Đào tạo"), ("so", "Y tế"), ("so", "Văn hóa, Thể thao và Du lịch"),
     ("so", "Khoa học và Công nghệ")],
    [("truong", "Đại học Đồng Nai"), ("truong", "Cao đẳng Công nghệ cao Đồng Nai"),
     ("truong", "Cao đẳng Y tế Đồng Nai"), ("truong", "THPT chuyên Lương Thế Vinh")],
    [("doanh_nghiep", "Tổng Công ty Cao su Đồng Nai"), ("doanh_nghiep", "Tổng Công ty Sonadezi"),
     ("doanh_nghiep", "Công ty TNHH MTV Xổ số kiến thiết Đồng Nai"),
     ("doanh_nghiep", "Công ty Cổ phần Cấp nước Đồng Nai")],
]
CLUSTERS = [f"Cụm thi đua số {i}" for i in range(1, 11)]
BLOCS = [f"Khối thi đua số {i}" for i in range(1, 6)]
PROVINCE_GUESTS = [
    ("Bí thư Tỉnh ủy", "Tỉnh ủy Đồng Nai", "leader"),
    ("Chủ tịch HĐND tỉnh", "HĐND tỉnh Đồng Nai", "leader"),
    ("Chủ tịch UBND tỉnh", "UBND tỉnh Đồng Nai", "leader"),
    ("Phó Chủ tịch UBND tỉnh", "UBND tỉnh Đồng Nai", "leader"),
    ("Giám đốc Sở Nội vụ, Phó Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh", "Sở Nội vụ", "council"),
    ("Trưởng ban Thi đua - Khen thưởng", "Sở Nội vụ", "council"),
    ("Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban MTTQ Việt Nam tỉnh Đồng Nai", "council"),
    ("Chủ tịch Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh Đồng Nai", "council"),
    ("Vụ trưởng", "Ban Thi đua - Khen thưởng Trung ương", "guest"),
    ("Chủ tịch Hội Cựu chiến binh tỉnh", "Hội Cựu chiến binh tỉnh Đồng Nai", "guest"),
]
GROUP_GUESTS = [
    ("Chủ tịch UBND", "UBND {kind} {unit}", "member_heads"),
    ("Phó Chủ tịch UBND", "UBND {kind} {unit}", "leader"),
    ("Chủ tịch Ủy ban MTTQ", "Ủy ban MTTQ Việt Nam {kind} {unit}", "guest"),
]
BLOC_GUESTS = [
    ("{head}", "{kind} {unit}", "member_heads"),
    ("Phó {head}", "{kind} {unit}", "leader"),
    ("Chủ tịch Công đoàn", "Công đoàn {kind} {unit}", "guest"),
]
HEADS = {"Trường": "Hiệu trưởng", "Doanh nghiệp": "Tổng Giám đốc", "Ban": "Trưởng ban"}
# Exemplars of departments, schools and enterprises (the communes' are demo.EXEMPLARY_ROLES),
# each with the unit kinds it fits.
BLOC_ROLES = [
    ("Chuyên viên", "Chiến sĩ thi đua cơ sở 2 năm liền", "Quản lý nhà nước", False, "fighter_grassroots",
     ("Sở", "Ban", "Cơ quan")),
    ("Trưởng phòng", "Bằng khen của Chủ tịch UBND tỉnh; sáng kiến cải cách thủ tục hành chính",
     "Quản lý nhà nước", False, "exemplar", ("Sở", "Ban", "Cơ quan", "Doanh nghiệp")),
    ("Giảng viên", "Chiến sĩ thi đua cấp tỉnh", "Giáo dục", False, "fighter_grassroots", ("Trường",)),
    ("Giáo viên", "Giáo viên dạy giỏi cấp tỉnh 3 năm liền", "Giáo dục", False, "fighter_grassroots", ("Trường",)),
    ("Công nhân", "Lao động giỏi; sáng kiến cải tiến kỹ thuật được công nhận", "Công nghiệp", True,
     "good_worker", ("Doanh nghiệp",)),
    ("Kỹ sư", "Lao động sáng tạo; Bằng khen của Tổng Liên đoàn", "Công nghiệp", False, "good_worker",
     ("Doanh nghiệp", "Sở")),
    ("Nhân viên", "Gương người tốt, việc tốt; hiến máu tình nguyện 20 lần", "Đoàn thể", False, "good_person",
     ("Sở", "Ban", "Cơ quan", "Trường", "Doanh nghiệp")),
]
COLLECTIVES = ["Tổ sản xuất số 3", "Chi hội Phụ nữ", "Đội Thanh niên tình nguyện", "Tổ hòa giải cơ sở",
               "Phòng Chuyên môn nghiệp vụ"]


def unit_specs() -> list[UnitSpec]:
    """The 70 member units, each in its cluster or bloc, the first of each heading it, with a figure
    (its cadres and members: the province congress shares its seats in proportion to it)."""
    specs = []
    for i, (kind, name) in enumerate(COMMUNES):
        specs.append(UnitSpec(kind, name, (CLUSTERS[i // 5],), i % 5 == 0, 600 + (i * 137) % 800))
    for b, members in enumerate(BLOC_MEMBERS):
        for i, (kind, name) in enumerate(members):
            specs.append(UnitSpec(kind, name, (BLOCS[b],), i == 0, 400 + (b * 4 + i) * 53 % 500))
    return specs


def build_province_demo(path, force: bool = False):
    """Create the province demo at `path` (refuses an existing file unless `force`)."""
    path = prepare_file(path, force)
    db = open_database(path)
    try:
        with db.atomic():
            populate_province_demo(db)
    finally:
        db.close()
    return path


def populate_province_demo(db: Database) -> int:
    """Fill an empty database with the province plan; return the plan id."""
    rng = random.Random(SEED)
    names = _Names(rng)
    plan_id = create_plan(db, load_template(TEMPLATE_ID), ORGANISER, unit_specs())
    db.execute("UPDATE plans SET number = '86/KH-UBND', created_at = '2026-01-20 08:00:00' WHERE id = ?",
               [plan_id])
    events = repository.events(db, plan_id)
    province = next(e for e in events if e.type_code == "province")
    groups = [e for e in events if e.type_code == "cluster"]
    _schedule(db, province, groups)
    for event in groups:
        _group_roster(db, rng, names, event, province)
    _province_roster(db, rng, names, province)
    db.execute("UPDATE persons SET party_member = 1 WHERE id IN (SELECT person_id FROM delegates WHERE presidium = 1)")
    for event in [province, *groups]:
        _presenters(db, repository.event(db, event.id))
    _progress(db, rng, plan_id)
    _dossiers(db, rng, groups[:3])
    _invitation(db, province.id)
    return plan_id


def _invitation(db: Database, event_id: int) -> None:
    """The congress's invitation wording: the reply office and a signer (fictional) on every letter."""
    db.execute("INSERT OR REPLACE INTO event_invitation (event_id, number, dress, bring, contact, "
               "signer_title, signer_name) VALUES (?, '', '', '', ?, 'TRƯỞNG BAN', ?)",
               [event_id, "Văn phòng Ban Tổ chức (Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Đồng Nai)",
                "Lê Minh Khoa"])


def _dossiers(db, rng, groups) -> None:
    """The member units' nominations to three clusters, mostly received, a few to fix."""
    for event in groups:
        run_id = dossier_service.start_run(db, "member_nominations", event.id, created_at="2026-03-01 08:00:00")
        received = repository.event(db, event.id).date - dt.timedelta(days=18)
        for (item_id,) in db.execute("SELECT id FROM dossier_items WHERE run_id = ? ORDER BY id", [run_id]).fetchall():
            roll = rng.random()
            if roll < 0.1:
                dossier_service.set_item_state(db, item_id, "needs_fix", received.isoformat(),
                                               "Thiếu xác nhận của thủ trưởng đơn vị")
            elif roll < 0.85:
                dossier_service.set_item_state(db, item_id, "accepted", received.isoformat())


def _progress(db, rng, plan_id: int) -> None:
    """The story as of the end of 2026: every congress held, its speeches vetted, its work done on
    time or a few days late, save three member units' reports still being written."""
    db.execute("UPDATE events SET status = 'held' WHERE plan_id = ?", [plan_id])
    db.execute("UPDATE speeches SET vetting = 'approved', vetted_on = COALESCE(vetted_on, "
               "(SELECT date(e.date, '-14 days') FROM events e WHERE e.id = speeches.event_id))")
    lines = timeline_service.timeline(db, plan_id, dt.date(2026, 12, 31)).lines
    late = {ln.unit_id for ln in lines if ln.due}
    behind = set(rng.sample(sorted(late), 3))
    code = dict(db.execute("SELECT id, code FROM milestones WHERE plan_id = ?", [plan_id]).fetchall())
    for ln in lines:
        if ln.due is None:
            continue
        if code[ln.milestone_id] == "member_reports" and ln.unit_id in behind:
            state, done_on = "doing", None
        else:
            state, done_on = "done", ln.due - dt.timedelta(days=rng.choice([0, 1, 2, 3, 5]))
        db.execute("UPDATE milestone_progress SET state = ?, done_on = ? WHERE milestone_id = ? AND unit_id = ?",
                   [state, done_on.isoformat() if done_on else None, ln.milestone_id, ln.unit_id])


def _schedule(db, province, groups) -> None:
    """Group conferences from 7 April 2026, two working days apart; the congress on 20 August."""
    day = dt.date(2026, 4, 7)
    for event in groups:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        db.execute("UPDATE events SET date = ?, start_time = '07:30', venue = ?, status = 'held' WHERE id = ?",
                   [day.isoformat(), f"Hội trường {_head_name(db, event.unit_id)}", event.id])
        day += dt.timedelta(days=3)
    db.execute("UPDATE events SET date = '2026-08-20', start_time = '07:30', "
               "venue = 'Trung tâm Hội nghị tỉnh Đồng Nai' WHERE id = ?", [province.id])


def _head_name(db, group_id: int) -> str:
    row = db.execute("SELECT k.name || ' ' || u.name FROM unit_groups g JOIN units u ON u.id = g.unit_id "
                     "JOIN unit_kinds k ON k.code = u.kind WHERE g.group_id = ? AND g.is_head = 1",
                     [group_id]).fetchone()
    if row[0].startswith(("Xã", "Phường")):
        return f"UBND {row[0][:1].lower()}{row[0][1:]}"
    return row[0].removeprefix("Doanh nghiệp ")


def _members(db, group_id: int) -> list[tuple[int, str, str]]:
    """(unit id, kind name, name) of a group's members, head first."""
    return db.execute(
        "SELECT u.id, k.name, u.name FROM unit_groups g JOIN units u ON u.id = g.unit_id "
        "JOIN unit_kinds k ON k.code = u.kind WHERE g.group_id = ? ORDER BY g.is_head DESC, u.position, u.id",
        [group_id]).fetchall()


def _full(kind: str, unit: str) -> str:
    """As inside a sentence: "Sở Nội vụ", "xã Tân Lợi", "phường Trấn Biên"; an enterprise by its own name."""
    if kind == "Doanh nghiệp":
        return unit
    return f"{kind.lower()} {unit}" if kind in ("Xã", "Phường") else f"{kind} {unit}"


def _base(code: str) -> str:
    return {"member_heads": "leader", "council": "guest"}.get(code, code)


def _group_roster(db, rng, names, event, province) -> None:
    """Per member unit: its head, a leader or guest, three or four exemplars; one collective."""
    members = _members(db, event.unit_id)
    bloc = event.unit_name.startswith("Khối")
    guests = BLOC_GUESTS if bloc else GROUP_GUESTS
    exemplars, rank = [], 0
    for unit_id, kind, unit in members:
        full = _full(kind, unit)
        for position, workplace, code in guests[: 1 if unit_id != members[0][0] else 3]:
            rank += 1
            position = position.format(head=HEADS.get(kind, "Giám đốc"))
            pid = _person(db, rng, names, unit_id, position, workplace.replace("{kind} {unit}", full),
                          age_range=(35, 58))
            add_delegate(db, event.id, pid, DelegateData(
                category=_base(code), category_code=code, status="confirmed", unit_id=unit_id,
                presidium=rank <= 3, protocol_rank=rank))
        for _ in range(rng.randint(3, 5)):
            if bloc:
                position, achievement, field, direct, ekind, _kinds = rng.choice(
                    [r for r in BLOC_ROLES if kind in r[5]])
                workplace, sector = full[:1].upper() + full[1:], "Nhà nước"
            else:
                position, workplace, achievement, field, sector, direct, ekind = rng.choice(EXEMPLARY_ROLES)
                # The commune roles name the unit's kind ({place}): a ward is a phường.
                workplace = _fill(workplace, rng, unit, f"{kind.lower()} {unit}")
                position = local_position(position, kind)
                if kind == "Phường":  # a ward's neighbourhoods are khu phố, not thôn
                    workplace = workplace.replace("Thôn ", "Khu phố ").replace(" thôn ", " khu phố ")
            pid = _person(db, rng, names, unit_id, position, workplace)
            exemplars.append(add_delegate(db, event.id, pid, DelegateData(
                category="exemplary", category_code="exemplary", exemplary_kind=ekind, field=field,
                sector=sector, direct_worker=direct, achievement=achievement, status="confirmed",
                unit_id=unit_id, provincial_awards=rng.choice([0, 1, 1, 2]))))
    unit_id, kind, unit = members[rng.randrange(len(members))]
    collective = f"{rng.choice(COLLECTIVES)} {_full(kind, unit)}"
    pid = _person(db, rng, names, unit_id, "Tổ trưởng", collective, age_range=(35, 55))
    add_delegate(db, event.id, pid, DelegateData(
        category="exemplary", category_code="collective", collective=collective,
        achievement="Tập thể lao động xuất sắc 3 năm liền", status="confirmed", unit_id=unit_id))
    rng.shuffle(exemplars)
    upward = exemplars[: rng.randint(3, 5)]
    promote(db, upward, province.id)
    db.execute("UPDATE delegates SET speaker = 1 WHERE id = ?", [exemplars[-1]])


def _province_roster(db, rng, names, province) -> None:
    """The province's leaders, council members and guests; a presidium of eleven; five speakers."""
    org = repository.organiser(db)
    for rank, (position, workplace, code) in enumerate(PROVINCE_GUESTS, start=1):
        pid = _person(db, rng, names, org.id, position, workplace, age_range=(40, 58))
        add_delegate(db, province.id, pid, DelegateData(
            category=_base(code), category_code=code, status="confirmed", unit_id=org.id,
            presidium=rank <= 6, protocol_rank=rank))
    exemplary = [r[0] for r in db.execute(
        "SELECT d.id FROM delegates d JOIN persons p ON p.id = d.person_id WHERE d.event_id = ? "
        "AND d.category = 'exemplary' ORDER BY p.sort_key, d.id", [province.id])]
    picked = rng.sample(exemplary, 10)
    db.execute("UPDATE delegates SET status = 'selected' WHERE event_id = ? AND category = 'exemplary'",
               [province.id])
    for did in picked[:5]:
        db.execute("UPDATE delegates SET presidium = 1 WHERE id = ?", [did])
    for did in picked[5:]:
        db.execute("UPDATE delegates SET speaker = 1 WHERE id = ?", [did])
