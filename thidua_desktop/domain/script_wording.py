"""The MC's wording (lời dẫn) of every agenda item kind, as data: the model and its validator.

Each agenda item kind has a few named sentences (fields); each field is a
text with placeholders in braces ("Trân trọng kính mời {presenter} ...").
Which fields exist, how each is printed and which placeholders it may use
is declared once here (SPEC); the customary Vietnamese texts are data in
resources/script_wording.json. A plan's template may override any field in
its `script_wording` block, and the officer may override it again for one
event; `resolve` layers the three.

List placeholders ({guests}, {presidium}, {awardees}, {signatories},
{speakers}) fill in as names joined by "; ". When the text of a field that
introduces a list does not use its list placeholder, the names follow on
their own lines, as scripts print them.

This module is pure data and checks: no database, no Qt.
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from thidua_desktop.paths import resources_dir

MAX_TEXT = 1000  # characters per field: a paragraph, never a file
_NAME_RE = re.compile(r"\{([^{}]*)\}")

# Placeholders every field may use, with what they say (the README lists them too).
COMMON = {
    "event": "“Đại hội” hoặc “Hội nghị”",
    "event_name": "tên sự kiện khi đọc (Đại hội Thi đua yêu nước huyện …)",
    "board": "Đoàn Chủ tịch / Chủ tọa Hội nghị / Ban Tổ chức",
    "unit": "đơn vị tổ chức trong câu (huyện Hớn Quản)",
    "title": "nội dung của mục chương trình, chữ đầu viết thường",
    "presenter": "người thực hiện mục (đồng chí …, chức vụ)",
    "review_period": "giai đoạn tổng kết (2020 – 2025)",
    "direction_period": "giai đoạn phương hướng (2025 – 2030)",
}
SPECIFIC = {
    "plan_line": "câu “Thực hiện Kế hoạch số … của … về …”",
    "guests": "danh sách đại biểu khách mời (liệt kê)",
    "presidium": "danh sách Đoàn Chủ tịch / Chủ tọa (liệt kê)",
    "presidium_count": "số thành viên Đoàn Chủ tịch / Chủ tọa",
    "board_named": "Đoàn Chủ tịch Đại hội / Chủ tọa Hội nghị",
    "exemplary_count": "số đại biểu điển hình tiên tiến",
    "video": "tên phóng sự, video",
    "minutes": "thời lượng phóng sự, video (phút)",
    "speaker": "người trình bày tham luận",
    "speech_title": "chủ đề tham luận",
    "speakers": "danh sách người trình bày tham luận (liệt kê)",
    "awards": "các hình thức khen thưởng trao tại sự kiện",
    "award": "một hình thức khen thưởng (Giấy khen của …)",
    "batch": "“ (đợt 2)” khi một hình thức trao thành nhiều đợt, nếu không thì trống",
    "awardees": "danh sách tập thể, cá nhân được khen thưởng (liệt kê)",
    "signatories": "danh sách đơn vị ký kết giao ước thi đua (liệt kê)",
    "upper_event": "tên Đại hội cấp trên",
    "upper_count": "số đại biểu đi dự Đại hội cấp trên",
}
LIST_PLACEHOLDERS = ("guests", "presidium", "awardees", "signatories", "speakers")
STYLES = ("say", "note")


@dataclass(frozen=True)
class FieldSpec:
    """One sentence of an item kind: its label for the editor, print style, extra placeholders."""

    label: str
    style: str = "say"  # "say": the MC's words; "note": a stage direction in italics
    extra: tuple[str, ...] = ()
    names: str = ""  # the list whose names follow this sentence on their own lines

    @property
    def placeholders(self) -> tuple[str, ...]:
        """Every placeholder this field accepts."""
        return (*COMMON, *self.extra)


_VIDEO = FieldSpec("Giới thiệu phóng sự, video gắn với mục", extra=("video", "minutes"))
SPEC: dict[str, dict[str, FieldSpec]] = {
    "welcome": {
        "music": FieldSpec("Ghi chú đón tiếp", "note"),
        "video": FieldSpec("Phóng sự trong lúc chờ khai mạc", extra=("video", "minutes")),
        "settle": FieldSpec("Mời ổn định chỗ ngồi"),
    },
    "art": {"invite": FieldSpec("Mời thưởng thức văn nghệ")},
    "flag_salute": {
        "invite": FieldSpec("Mời chào cờ"),
        "command": FieldSpec("Hiệu lệnh chào cờ"),
        "anthem": FieldSpec("Ghi chú quốc ca", "note"),
        "sit": FieldSpec("Mời ngồi"),
    },
    "opening": {
        "reason": FieldSpec("Tuyên bố lý do", extra=("plan_line",)),
        "guests_intro": FieldSpec("Giới thiệu đại biểu", extra=("guests",), names="guests"),
        "exemplary": FieldSpec("Giới thiệu đại biểu điển hình", extra=("exemplary_count",)),
        "presidium_intro": FieldSpec("Giới thiệu Đoàn Chủ tịch / Chủ tọa",
                                     extra=("board_named", "presidium_count", "presidium"),
                                     names="presidium"),
        "presidium_invite": FieldSpec("Mời Đoàn Chủ tịch / Chủ tọa lên làm việc"),
        "declare": FieldSpec("Mời phát biểu khai mạc"),
    },
    "opening_declare": {"invite": FieldSpec("Mời phát biểu khai mạc")},
    "summary_report": {
        "intro": FieldSpec("Dẫn vào báo cáo"),
        "video": FieldSpec("Phóng sự trước báo cáo", extra=("video", "minutes")),
        "invite": FieldSpec("Mời trình bày báo cáo"),
    },
    "speeches": {
        "intro": FieldSpec("Dẫn vào phần tham luận", extra=("speakers",)),
        "video": FieldSpec("Video điển hình", extra=("video", "minutes")),
        "speaker": FieldSpec("Mời trình bày một tham luận", extra=("speaker", "speech_title")),
        "unassigned": FieldSpec("Tham luận chưa có người trình bày", "note", extra=("speech_title",)),
        "thanks": FieldSpec("Cảm ơn sau tham luận"),
    },
    "exchange": {"invite": FieldSpec("Mời giao lưu")},
    "guidance": {
        "intro": FieldSpec("Dẫn vào phát biểu chỉ đạo"),
        "invite": FieldSpec("Mời phát biểu chỉ đạo"),
    },
    "award_decision": {
        "announce": FieldSpec("Mời công bố quyết định khen thưởng", extra=("awards",)),
    },
    "honours": {
        "intro": FieldSpec("Dẫn vào phần khen thưởng", extra=("awards",)),
        "decision": FieldSpec("Công bố quyết định (khi trước đó chưa có mục công bố)", extra=("awards",)),
        "call": FieldSpec("Gọi lên nhận khen thưởng", extra=("award", "batch", "awardees"), names="awardees"),
        "hand_over": FieldSpec("Mời trao khen thưởng", extra=("award",)),
    },
    "covenant": {
        "intro": FieldSpec("Dẫn vào ký kết giao ước thi đua", extra=("signatories",), names="signatories"),
        "witness": FieldSpec("Mời chứng kiến ký kết"),
    },
    "launch": {"invite": FieldSpec("Mời phát động thi đua")},
    "response": {"invite": FieldSpec("Mời phát biểu hưởng ứng")},
    "upper_list": {
        "intro": FieldSpec("Dẫn vào thông qua danh sách", extra=("upper_event", "upper_count")),
        "invite": FieldSpec("Mời thông qua danh sách"),
    },
    "closing": {
        "intro": FieldSpec("Dẫn vào bế mạc"),
        "invite": FieldSpec("Mời phát biểu bế mạc"),
        "farewell": FieldSpec("Lời chào kết thúc"),
    },
    "video": {"intro": FieldSpec("Mời xem phóng sự, video (mục riêng)")},
    "children_greeting": {"invite": FieldSpec("Mời thiếu nhi chào mừng")},
    "free": {"invite": FieldSpec("Mời thực hiện mục khác")},
    "attached": {"video": _VIDEO},
}
KIND_LABELS = {
    "welcome": "Đón tiếp", "art": "Văn nghệ", "flag_salute": "Chào cờ", "opening": "Khai mạc",
    "opening_declare": "Phát biểu khai mạc", "summary_report": "Báo cáo tổng kết", "speeches": "Tham luận",
    "exchange": "Giao lưu", "guidance": "Phát biểu chỉ đạo", "award_decision": "Công bố quyết định khen thưởng",
    "honours": "Khen thưởng", "covenant": "Ký kết giao ước thi đua", "launch": "Phát động thi đua",
    "response": "Hưởng ứng", "upper_list": "Danh sách đi dự cấp trên", "closing": "Bế mạc",
    "video": "Phóng sự, video", "children_greeting": "Thiếu nhi chào mừng", "free": "Mục khác", "attached": "Video gắn với một mục",
}

Wording = dict[str, dict[str, str]]  # kind -> field -> text


def strip_controls(text: str) -> str:
    """The text without control characters (a pasted tab or form feed becomes a space)."""
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a text uses, in order ("{presenter}" -> "presenter")."""
    return _NAME_RE.findall(text)


def check_text(kind: str, field: str, text: Any) -> str | None:
    """None when `text` may stand for kind.field, else what is expected (Vietnamese)."""
    spec = SPEC.get(kind, {}).get(field)
    if spec is None:
        return "không có trong danh sách lời dẫn"
    if not isinstance(text, str):
        return "phải là một chuỗi văn bản"
    if not text.strip():
        return "không được để trống"
    if len(text) > MAX_TEXT:
        return f"dài quá {MAX_TEXT} ký tự"
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        return "có ký tự điều khiển không in được; hãy gõ lại câu"
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return "có dấu ngoặc nhọn “{” hoặc “}” lẻ; chỗ trống viết dạng {presenter}"
    allowed = spec.placeholders
    for _literal, name, fmt, conv in parsed:
        if name is None:
            continue
        if name not in allowed or fmt or conv:
            shown = ", ".join("{" + p + "}" for p in allowed)
            return f"có chỗ trống “{{{name}}}” không dùng được ở đây; dùng được: {shown}"
    return None


def problems(block: Any, where: str = "script_wording") -> list[str]:
    """Every problem of a wording block ({kind: {field: text}}), each naming its field."""
    if not isinstance(block, dict):
        return [f"{where}: phải là một đối tượng {{loại mục: {{câu: lời dẫn}}}}"]
    found = []
    for kind, fields in block.items():
        if kind not in SPEC:
            found.append(f"{where}.{kind}: loại mục không có; dùng được: {', '.join(SPEC)}")
            continue
        if not isinstance(fields, dict):
            found.append(f"{where}.{kind}: phải là một đối tượng {{câu: lời dẫn}}")
            continue
        for field, text in fields.items():
            if field not in SPEC[kind]:
                found.append(f"{where}.{kind}.{field}: câu không có; dùng được: {', '.join(SPEC[kind])}")
                continue
            problem = check_text(kind, field, text)
            if problem:
                found.append(f"{where}.{kind}.{field}: {problem}")
    return found


@lru_cache(maxsize=1)
def _defaults_cached() -> str:
    return (resources_dir() / "script_wording.json").read_text(encoding="utf-8")


def defaults() -> Wording:
    """The shipped customary wording (resources/script_wording.json), checked against SPEC."""
    data = json.loads(_defaults_cached())
    found = problems(data, "script_wording.json")
    missing = [f"{k}.{f}" for k, fields in SPEC.items() for f in fields if f not in data.get(k, {})]
    if found or missing:
        raise RuntimeError(f"shipped wording is broken: {found or missing}")
    return data


def resolve(*layers: Any) -> Wording:
    """Defaults, then each layer over it (template's block, the event's edits); bad entries are skipped."""
    out = {kind: dict(fields) for kind, fields in defaults().items()}
    for layer in layers:
        if not isinstance(layer, dict):
            continue
        for kind, fields in layer.items():
            if not isinstance(fields, dict):
                continue
            for field, text in fields.items():
                if check_text(kind, field, text) is None:
                    out[kind][field] = text
    return out


def fill(text: str, values: dict[str, Any]) -> str:
    """The text with its placeholders filled; lists joined by "; "; spaces tidied.

    A placeholder without a value is left empty rather than printed in braces:
    the MC reads the result aloud.
    """
    def one(match: re.Match) -> str:
        val = values.get(match.group(1), "")
        if isinstance(val, (list, tuple)):
            return "; ".join(str(v) for v in val)
        return str(val)

    filled = _NAME_RE.sub(one, text)
    filled = re.sub(r"[ \t]{2,}", " ", filled)
    filled = re.sub(r"\s*[:;,]\s*([.!?])", r"\1", filled)  # "khen thưởng: ." when a list is empty
    return re.sub(r"\s+([,.;:!?)])", r"\1", filled).strip()


def uses(text: str, name: str) -> bool:
    """True when the text uses the placeholder `name`."""
    return name in placeholders_in(text)
