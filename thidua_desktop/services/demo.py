"""The demo database: Hớn Quản 2025 from seed 000, deterministic (fixed seed).

Thirteen commune conferences (Tân Lợi the pilot), the district congress,
milestones with progress, about 300 people as delegates with a believable
structure, agendas with presenters and speeches, and dossier runs partly filled.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.errors import UserError
from thidua_desktop.services import agenda_roles, dossier_service, repository
from thidua_desktop.services.plan_service import create_plan
from thidua_desktop.services.roster_service import (
    DelegateData,
    PersonData,
    add_delegate,
    add_person,
    promote,
)
from thidua_desktop.store.database import open_database
from thidua_desktop.templates.loader import load_template

SEED = 2025
TEMPLATE_ID = "hon-quan-2025"

FAMILY = [
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 4),
    ("Phan", 4), ("Vũ", 3), ("Võ", 4), ("Đặng", 2), ("Bùi", 3), ("Đỗ", 3), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Đinh", 2), ("Trương", 2), ("Lâm", 1), ("Mai", 1),
]
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Ngọc", "Xuân", "Đình"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Hồng", "Bích"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Hưng", "Khánh", "Long", "Lợi",
    "Minh", "Nam", "Nghĩa", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung",
    "Tuấn", "Việt", "Vinh", "Hòa", "Lộc", "Phong", "Tâm", "Khoa",
]
GIVEN_FEMALE = [
    "Anh", "Bích", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương",
    "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Thảo",
    "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Hiền",
]
# Ethnic groups of Bình Phước; minority names follow their own patterns.
ETHNIC = [("Kinh", 80), ("S'tiêng", 9), ("Khmer", 4), ("Hoa", 3), ("Nùng", 2), ("Tày", 2)]
MINORITY_FAMILY = {"S'tiêng": ["Điểu", "Thị"], "Khmer": ["Lâm", "Thạch", "Danh"], "Hoa": ["Lý", "Trương", "Lâm"]}

EXEMPLARY_ROLES = [
    # position, workplace pattern, achievement, field, sector, direct worker, kind
    ("Nông dân", "Thôn {hamlet}", "Nông dân sản xuất, kinh doanh giỏi cấp huyện 3 năm liền",
     "Nông nghiệp", "Hộ gia đình, cá thể", True, "exemplar"),
    ("Công nhân", "Công ty TNHH MTV Cao su Bình Phước", "Lao động giỏi; Bằng khen của Tổng Liên đoàn",
     "Công nghiệp", "Nhà nước", True, "good_worker"),
    ("Công nhân", "Công ty TNHH Cao su Phú Lố", "Lao động tiên tiến; Giấy khen Chủ tịch UBND huyện",
     "Công nghiệp", "Tư nhân", True, "good_worker"),
    ("Giáo viên", "Trường Tiểu học {commune}", "Chiến sĩ thi đua cơ sở 2 năm liền",
     "Giáo dục", "Nhà nước", False, "fighter_grassroots"),
    ("Y sĩ", "Trạm Y tế {place}", "Chiến sĩ thi đua cơ sở năm 2024",
     "Y tế", "Nhà nước", False, "fighter_grassroots"),
    ("Chi hội trưởng", "Chi hội Phụ nữ thôn {hamlet}", "Điển hình tiên tiến phong trào xóa nhà tạm",
     "Đoàn thể", "Nhà nước", False, "exemplar"),
    ("Trưởng thôn", "Thôn {hamlet}", "Gương người tốt, việc tốt; hiến đất làm đường nông thôn mới",
     "Quản lý nhà nước", "Nhà nước", False, "good_person"),
    ("Chủ hộ kinh doanh", "Hộ kinh doanh {family} {given}", "Giúp đỡ hộ nghèo phát triển kinh tế",
     "Nông nghiệp", "Hộ gia đình, cá thể", True, "good_person"),
    ("Xã đội trưởng", "Ban Chỉ huy Quân sự {place}", "Chiến sĩ thi đua cơ sở; Bằng khen Bộ Tư lệnh Quân khu 7",
     "Quốc phòng - an ninh", "Nhà nước", False, "fighter_grassroots"),
    ("Giám đốc", "Hợp tác xã Nông nghiệp {commune}", "Bằng khen của Chủ tịch UBND tỉnh",
     "Nông nghiệp", "Tập thể", False, "exemplar"),
    ("Công an viên", "Công an {place}", "Gương người tốt, việc tốt bảo vệ an ninh trật tự",
     "Quốc phòng - an ninh", "Nhà nước", False, "good_person"),
    ("Công nhân", "Công ty TNHH Giày da Hoa Viên", "Lao động sáng tạo; sáng kiến cải tiến kỹ thuật",
     "Công nghiệp", "Có vốn đầu tư nước ngoài", True, "good_worker"),
]
GUEST_ROLES = [
    ("Bí thư Đảng ủy", "Đảng ủy {place}", "leader"),
    ("Chủ tịch UBND", "UBND {place}", "leader"),
    ("Phó Chủ tịch UBND", "UBND {place}", "leader"),
    ("Chủ tịch Ủy ban MTTQ", "Ủy ban MTTQ Việt Nam {place}", "guest"),
    ("Chủ tịch Hội Nông dân", "Hội Nông dân {place}", "guest"),
    ("Chủ tịch Hội Liên hiệp Phụ nữ", "Hội LHPN {place}", "guest"),
    ("Bí thư Đoàn Thanh niên", "Đoàn TNCS Hồ Chí Minh {place}", "guest"),
]
DISTRICT_GUESTS = [
    ("Bí thư Huyện ủy", "Huyện ủy Hớn Quản", "leader"),
    ("Chủ tịch HĐND huyện", "HĐND huyện Hớn Quản", "leader"),
    ("Chủ tịch UBND huyện", "UBND huyện Hớn Quản", "leader"),
    ("Phó Chủ tịch UBND huyện", "UBND huyện Hớn Quản", "leader"),
    ("Chủ tịch Ủy ban MTTQ Việt Nam huyện", "Ủy ban MTTQ Việt Nam huyện Hớn Quản", "leader"),
    ("Phó Giám đốc Sở Nội vụ", "Sở Nội vụ tỉnh Bình Phước", "guest"),
    ("Trưởng ban Thi đua - Khen thưởng", "Sở Nội vụ tỉnh Bình Phước", "guest"),
    ("Trưởng phòng Nội vụ", "Phòng Nội vụ huyện Hớn Quản", "leader"),
    ("Trưởng phòng Tài chính - Kế hoạch", "Phòng Tài chính - Kế hoạch huyện", "guest"),
    ("Trưởng phòng Văn hóa - Thông tin", "Phòng Văn hóa - Thông tin huyện", "guest"),
    ("Trưởng phòng Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo huyện", "guest"),
    ("Chủ tịch Liên đoàn Lao động huyện", "Liên đoàn Lao động huyện Hớn Quản", "guest"),
    ("Chủ tịch Hội Nông dân huyện", "Hội Nông dân huyện Hớn Quản", "guest"),
    ("Chủ tịch Hội LHPN huyện", "Hội LHPN huyện Hớn Quản", "guest"),
    ("Bí thư Huyện đoàn", "Huyện đoàn Hớn Quản", "guest"),
    ("Chỉ huy trưởng Ban CHQS huyện", "Ban Chỉ huy Quân sự huyện Hớn Quản", "guest"),
    ("Trưởng Công an huyện", "Công an huyện Hớn Quản", "guest"),
    ("Giám đốc Trung tâm VH-TT và TT-TH", "Trung tâm Văn hóa - Thể thao và Truyền thanh - Truyền hình", "guest"),
    ("Chánh Văn phòng HĐND và UBND", "Văn phòng HĐND và UBND huyện", "guest"),
    ("Phó Trưởng phòng Nội vụ", "Phòng Nội vụ huyện Hớn Quản", "guest"),
    ("Giám đốc", "Công ty TNHH MTV Cao su Bình Phước", "guest"),
    ("Giám đốc", "Ngân hàng Chính sách xã hội huyện", "guest"),
    ("Trưởng phòng Nông nghiệp và PTNT", "Phòng Nông nghiệp và PTNT huyện", "guest"),
    ("Trưởng phòng Lao động - TB&XH", "Phòng Lao động - TB&XH huyện", "guest"),
    ("Giám đốc Trung tâm Y tế huyện", "Trung tâm Y tế huyện Hớn Quản", "guest"),
]
HAMLETS = ["1", "2", "3", "4", "5", "Sóc Ruộng", "Bàu Lùn", "Cần Lê", "Đồng Tân", "Bù Dinh", "Xa Cô"]


class _Names:
    """Deterministic Vietnamese names, never the same full name twice."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def person(self, ethnicity: str, sex: str) -> str:
        for _ in range(200):
            if ethnicity in MINORITY_FAMILY and self.rng.random() < 0.8:
                family = self.rng.choice(MINORITY_FAMILY[ethnicity])
                if family == "Thị" and sex == "Nam":
                    family = "Điểu"
            else:
                family = self._weighted(FAMILY)
            middle = self.rng.choice(MIDDLE_FEMALE if sex == "Nữ" else MIDDLE_MALE)
            given = self.rng.choice(GIVEN_FEMALE if sex == "Nữ" else GIVEN_MALE)
            name = f"{family} {middle} {given}"
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("name space exhausted")

    def _weighted(self, pairs):
        total = sum(w for _, w in pairs)
        pick = self.rng.uniform(0, total)
        for item, weight in pairs:
            pick -= weight
            if pick <= 0:
                return item
        return pairs[-1][0]

    def ethnicity(self) -> str:
        return self._weighted(ETHNIC)


def prepare_file(path: str | Path, force: bool = False) -> Path:
    """The path, emptied for a demo: an existing file is refused unless `force` (then removed)."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        if not force:
            raise UserError(
                f"Tệp “{path}” đã có. Dùng --force để ghi đè bằng dữ liệu mẫu, "
                "hoặc chọn tên tệp khác."
            )
        for suffix in ("", "-wal", "-shm"):
            target = Path(str(path) + suffix)
            if target.exists():
                target.unlink()
    return path


def build_demo(path: str | Path, force: bool = False) -> Path:
    """Create the demo database at `path` (refuses an existing file unless `force`)."""
    path = prepare_file(path, force)
    db = open_database(path)
    try:
        with db.atomic():
            populate_demo(db)
    finally:
        db.close()
    return path


def populate_demo(db: Database) -> int:
    """Fill an empty database with the demo plan; return the plan id."""
    rng = random.Random(SEED)
    names = _Names(rng)
    template = load_template(TEMPLATE_ID)
    plan_id = create_plan(db, template, "Hớn Quản")
    db.execute(
        "UPDATE plans SET number = '215/KH-UBND', created_at = '2024-11-25 08:00:00' WHERE id = ?",
        [plan_id],
    )
    events = repository.events(db, plan_id)
    district = next(e for e in events if e.type_code == "district")
    communes = [e for e in events if e.type_code == "commune"]
    _schedule(db, rng, district, communes)
    for event in communes:
        _commune_roster(db, rng, names, event, district)
    _district_roster(db, rng, names, district)
    # A presidium is introduced as "gồm N đồng chí": its exemplars are party members, as in real plans.
    db.execute("UPDATE persons SET party_member = 1 WHERE id IN (SELECT person_id FROM delegates WHERE presidium = 1)")
    _presenters(db, district)
    for event in communes:
        _presenters(db, event)
    _progress(db, rng, plan_id, communes)
    _dossiers(db, rng, communes, district)
    from thidua_desktop.services.event_day_demo import populate_event_day

    populate_event_day(db, district.id)  # badge codes, invitation wording, hall and seats
    from thidua_desktop.services.awards_demo import populate_awards

    populate_awards(db, plan_id)
    return plan_id


def _schedule(db, rng, district, communes) -> None:
    """Pilot in February, communes through March, the district congress in June."""
    start = dt.date(2025, 3, 4)
    others = [e for e in communes if not e.is_pilot]
    for i, event in enumerate(communes):
        if event.is_pilot:
            date = dt.date(2025, 2, 20)
        else:
            date = start + dt.timedelta(days=2 * others.index(event) + rng.randint(0, 1))
        db.execute(
            "UPDATE events SET date = ?, start_time = '07:30', venue = ?, status = ? WHERE id = ?",
            [date.isoformat(), f"Hội trường UBND {event.unit_name[:1].lower()}{event.unit_name[1:]}",
             "held", event.id],
        )
        del i
    db.execute(
        "UPDATE events SET date = '2025-06-18', start_time = '07:30', "
        "venue = 'Hội trường Trung tâm Văn hóa - Thể thao huyện Hớn Quản' WHERE id = ?",
        [district.id],
    )


def _person(db, rng, names, unit_id, position, workplace, sex=None, ethnicity=None,
            age_range=(25, 62)) -> int:
    sex = sex or ("Nữ" if rng.random() < 0.42 else "Nam")
    ethnicity = ethnicity or names.ethnicity()
    year = 2025 - rng.randint(*age_range)
    birth_date = None
    if rng.random() < 0.5:
        birth_date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    return add_person(db, PersonData(
        full_name=names.person(ethnicity, sex), sex=sex, birth_year=year, birth_date=birth_date,
        ethnicity=ethnicity, religion=rng.choice(["", "", "", "Phật giáo", "Công giáo"]),
        position=position, workplace=workplace, party_member=rng.random() < 0.45,
        phone="09" + "".join(str(rng.randint(0, 9)) for _ in range(8)), unit_id=unit_id,
    ))


def local_position(position: str, kind: str) -> str:
    """A commune role named for the unit's kind: a thị trấn's "Xã đội trưởng" is its "Thị đội trưởng"."""
    head = {"Thị trấn": "Thị đội trưởng", "Phường": "Phường đội trưởng"}.get(kind)
    return position.replace("Xã đội trưởng", head) if head else position


def _fill(pattern: str, rng, commune: str, place: str) -> str:
    return pattern.format(
        commune=commune, place=place, hamlet=rng.choice(HAMLETS),
        family=rng.choice(["Nguyễn", "Trần", "Lê"]), given=rng.choice(GIVEN_MALE),
    )


def _commune_roster(db, rng, names, event, district) -> None:
    """18-24 delegates: ~70 % exemplary, the rest guests and leaders; some sent upward."""
    # The unit's kind names its offices: "Công an thị trấn Tân Khai", "Trạm Y tế xã Tân Lợi".
    unit_kind = db.execute("SELECT k.name FROM units u JOIN unit_kinds k ON k.code = u.kind WHERE u.id = ?",
                           [event.unit_id]).fetchone()[0]
    commune = event.unit_name[len(unit_kind):].strip() if event.unit_name.lower().startswith(unit_kind.lower()) \
        else event.unit_name
    place = f"{unit_kind.lower()} {commune}"
    total = rng.randint(18, 24)
    guests = round(total * 0.3)
    chosen = []
    for rank, (position, workplace, category) in enumerate(rng.sample(GUEST_ROLES, min(guests, len(GUEST_ROLES)))):
        pid = _person(db, rng, names, event.unit_id, position, workplace.format(place=place),
                      age_range=(35, 58))
        add_delegate(db, event.id, pid, DelegateData(
            category=category, status="confirmed", unit_id=event.unit_id,
            presidium=rank < 3, protocol_rank=rank + 1,
        ))
    for _ in range(total - guests):
        role = rng.choice(EXEMPLARY_ROLES)
        position, workplace, achievement, field, sector, direct, kind = role
        pid = _person(db, rng, names, event.unit_id, local_position(position, unit_kind),
                      _fill(workplace, rng, commune, place))
        did = add_delegate(db, event.id, pid, DelegateData(
            category="exemplary", exemplary_kind=kind, field=field, sector=sector,
            direct_worker=direct, achievement=achievement, status="confirmed",
            unit_id=event.unit_id, provincial_awards=rng.choice([0, 0, 1, 2]),
        ))
        chosen.append(did)
    # Each commune sends four to six of its exemplars to the district congress.
    rng.shuffle(chosen)
    upward = chosen[: rng.randint(4, 6)]
    promote(db, upward, district.id)
    db.execute(
        f"UPDATE delegates SET presidium = 1 WHERE id IN ({','.join('?' * 2)})", upward[:2]
    )
    db.execute(
        "UPDATE delegates SET speaker = 1 WHERE id = ?", [chosen[-1]]
    )


def _district_roster(db, rng, names, district) -> None:
    """District guests and leaders, presidium of ten (a third exemplary), speakers."""
    org = repository.organiser(db)
    for rank, (position, workplace, category) in enumerate(DISTRICT_GUESTS):
        pid = _person(db, rng, names, org.id, position, workplace, age_range=(38, 58))
        add_delegate(db, district.id, pid, DelegateData(
            category=category, status="confirmed", unit_id=org.id,
            presidium=rank in (0, 1, 2, 3, 4, 7), protocol_rank=rank + 1,
        ))
    exemplary = [r[0] for r in db.execute(
        "SELECT d.id FROM delegates d JOIN persons p ON p.id = d.person_id "
        "WHERE d.event_id = ? AND d.category = 'exemplary' ORDER BY p.sort_key, d.id", [district.id])]
    rng_pick = rng.sample(exemplary, 9)
    db.execute("UPDATE delegates SET status = 'selected' WHERE event_id = ? AND category = 'exemplary'",
               [district.id])
    for did in rng_pick[:4]:
        db.execute("UPDATE delegates SET presidium = 1 WHERE id = ?", [did])
    for did in rng_pick[4:9]:
        db.execute("UPDATE delegates SET speaker = 1 WHERE id = ?", [did])
    for did in rng.sample(exemplary, 12):
        db.execute(
            "UPDATE delegates SET award_at_event = 'Giấy khen của Chủ tịch UBND huyện' "
            "WHERE id = ? AND award_at_event = ''", [did])


SPEECH_TITLES = {
    "Nông nghiệp": ("Phát triển kinh tế hộ gắn với xây dựng nông thôn mới",
                    "Liên kết trồng và tiêu thụ cao su theo chuỗi giá trị"),
    "Công nghiệp": ("Phát huy sáng kiến, nâng cao năng suất lao động",
                    "Đổi mới kỹ thuật khai thác mủ cao su, giảm chi phí sản xuất"),
    "Giáo dục": ("Đổi mới phương pháp dạy học, nâng cao chất lượng giáo dục",
                 "Xây dựng trường học thân thiện, học sinh tích cực"),
    "Y tế": ("Chăm sóc sức khỏe ban đầu cho nhân dân vùng đồng bào dân tộc",
             "Nâng cao chất lượng khám chữa bệnh tại trạm y tế xã"),
    "Đoàn thể": ("Vận động hội viên chung tay xóa nhà tạm, nhà dột nát",
                 "Phụ nữ giúp nhau phát triển kinh tế gia đình"),
    "Quản lý nhà nước": ("Vận động nhân dân hiến đất làm đường giao thông nông thôn",
                         "Cải cách thủ tục hành chính, phục vụ người dân ngày càng tốt hơn"),
    "Quốc phòng - an ninh": ("Giữ vững an ninh trật tự ở cơ sở",
                             "Xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc"),
}


def _speech_title(field: str, used: set[str]) -> str:
    """A title for a speech of this field that no other speech of the event has."""
    for title in (*SPEECH_TITLES.get(field, ()), "Kinh nghiệm tổ chức phong trào thi đua ở cơ sở"):
        if title not in used:
            used.add(title)
            return title
    title = f"Kinh nghiệm tổ chức phong trào thi đua ở cơ sở ({len(used) + 1})"
    used.add(title)
    return title


def _presenters(db, event) -> None:
    """Name who does what in the agenda, and record the speeches."""
    leaders = [r[0] for r in db.execute(
        "SELECT id FROM delegates WHERE event_id = ? AND category = 'leader' ORDER BY protocol_rank, id",
        [event.id])]
    speakers = list(db.query(
        "SELECT d.id, d.field, p.full_name FROM delegates d JOIN persons p ON p.id = d.person_id "
        "WHERE d.event_id = ? AND d.speaker = 1 ORDER BY p.sort_key", [event.id]))
    directing = agenda_roles.directing_speaker(db, event.id)[0]
    roles = {
        "opening": leaders[1] if len(leaders) > 1 else None,
        "summary_report": leaders[2] if len(leaders) > 2 else None,
        "guidance": directing or (leaders[0] if leaders else None),
        "award_decision": leaders[-1] if len(leaders) > 1 else None,
        "launch": leaders[0] if leaders else None,
        "closing": leaders[1] if len(leaders) > 1 else None,
        "honours": leaders[0] if leaders else None,
        "response": speakers[0]["id"] if speakers else None,
    }
    texts = {
        "welcome": "Ban Tổ chức", "art": "Đội văn nghệ Trung tâm Văn hóa - Thể thao",
        "flag_salute": "Người dẫn chương trình", "exchange": "Người dẫn chương trình",
        "upper_list": "Đoàn Chủ tịch" if event.leadership == "presidium" else "Chủ tọa Hội nghị",
        "speeches": "Các đại biểu điển hình tiên tiến",
    }
    for kind, delegate_id in roles.items():
        if delegate_id:
            db.execute(
                "UPDATE agenda_items SET presenter_delegate_id = ? WHERE event_id = ? AND kind = ?",
                [delegate_id, event.id, kind])
    for kind, text in texts.items():
        db.execute("UPDATE agenda_items SET presenter_text = ? WHERE event_id = ? AND kind = ?",
                   [text, event.id, kind])
    vetted = (event.date or dt.date(2025, 6, 18)) - dt.timedelta(days=14)
    used: set[str] = set()
    for position, speaker in enumerate(speakers):
        db["speeches"].insert({
            "event_id": event.id, "kind": "speech", "delegate_id": speaker["id"],
            "title": _speech_title(speaker["field"], used),
            "field": speaker["field"], "duration_min": 7,
            "vetting": "approved" if position < len(speakers) - 1 else "pending",
            "vetted_on": vetted.isoformat() if position < len(speakers) - 1 else None,
            "position": position,
        })
    if event.type_code == "district":
        db["speeches"].insert({
            "event_id": event.id, "kind": "video", "video_kind": "overview",
            "title": "Phóng sự: Phong trào thi đua yêu nước huyện Hớn Quản giai đoạn 2020 - 2025",
            "duration_min": 25, "vetting": "approved", "vetted_on": vetted.isoformat(),
            "position": len(speakers),
        })


def _progress(db, rng, plan_id, communes) -> None:
    """Milestones done as the demo's story goes (as of early April 2025 and later)."""
    def done(code, unit_id, on):
        db.execute(
            "UPDATE milestone_progress SET state = 'done', done_on = ? "
            "WHERE unit_id = ? AND milestone_id = (SELECT id FROM milestones WHERE plan_id = ? AND code = ?)",
            [on.isoformat(), unit_id, plan_id, code])

    org = repository.organiser(db)
    done("issue_plan", org.id, dt.date(2024, 11, 25))
    late_results = {communes[3].unit_id, communes[8].unit_id}
    missing_results = {communes[5].unit_id, communes[10].unit_id, communes[12].unit_id}
    for i, event in enumerate(communes):
        done("unit_plans", event.unit_id, dt.date(2024, 12, 5 + i))
        if i % 4 != 1:
            done("commune_budget", event.unit_id, dt.date(2025, 1, 6 + i))
        date = repository.event(db, event.id).date
        done("commune_event", event.unit_id, date)
        if event.is_pilot:
            done("pilot_event", event.unit_id, date)
        if event.unit_id in late_results:
            done("commune_results", event.unit_id, dt.date(2025, 4, 14))
        elif event.unit_id not in missing_results:
            done("commune_results", event.unit_id, dt.date(2025, 4, 1) + dt.timedelta(days=i % 9))
    db.execute(
        "UPDATE milestone_progress SET state = 'doing' WHERE unit_id = ? AND milestone_id IN "
        "(SELECT id FROM milestones WHERE plan_id = ? AND code IN ('district_budget', 'video'))",
        [org.id, plan_id])
    del rng


def _dossiers(db, rng, communes, district) -> None:
    """The commune post-event run, filled as the results milestone says."""
    run_id = dossier_service.start_run(
        db, "commune_post_event", communes[0].id, created_at="2025-03-27 08:00:00")
    received = {
        r[0]: r[1] for r in db.execute(
            "SELECT mp.unit_id, mp.done_on FROM milestone_progress mp JOIN milestones m ON m.id = mp.milestone_id "
            "WHERE m.code = 'commune_results' AND mp.state = 'done'")
    }
    items = list(db.query(
        "SELECT i.id, i.unit_id, t.code FROM dossier_items i "
        "JOIN dossier_template_items t ON t.id = i.template_item_id WHERE i.run_id = ? ORDER BY i.id",
        [run_id]))
    for item in items:
        on = received.get(item["unit_id"])
        if on is None:
            # Units that have not sent their results still sent a few papers.
            if item["code"] == "submission" and rng.random() < 0.5:
                dossier_service.set_item_state(db, item["id"], "received", "2025-04-08")
            continue
        roll = rng.random()
        if roll < 0.08:
            dossier_service.set_item_state(
                db, item["id"], "needs_fix", on, "Thiếu chữ ký, đóng dấu của lãnh đạo đơn vị")
        elif roll < 0.55:
            dossier_service.set_item_state(db, item["id"], "accepted", on)
        else:
            dossier_service.set_item_state(db, item["id"], "received", on)
    del district
