"""Typed reads for the plan model: a value of the wrong kind becomes a sentence, not an exception."""

from __future__ import annotations

import json
from typing import Any


class Reader:
    """Typed reads that record a sentence instead of raising on a bad value."""

    def __init__(self, problems: list[str]):
        self.problems = problems

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    @staticmethod
    def unwrap(entry: Any) -> Any:
        return entry["value"] if isinstance(entry, dict) and "value" in entry else entry

    def number(self, entry: Any, where: str, low: float, high: float, integer: bool = False,
               default: Any = None) -> Any:
        raw = self.unwrap(entry)
        if raw is None:
            return default
        kind = "số nguyên" if integer else "số"
        ok = not isinstance(raw, bool) and isinstance(raw, int if integer else (int, float))
        if not ok or not (low <= raw <= high) or raw != raw:  # raw != raw: NaN
            self.fail(where, f"phải là {kind} từ {_fmt(low)} đến {_fmt(high)}, không phải {_show(raw)}")
            return default
        return raw

    def text(self, entry: Any, where: str, default: str = "") -> str:
        raw = self.unwrap(entry)
        if raw is None:
            return default
        if not isinstance(raw, str):
            self.fail(where, f"phải là một chuỗi chữ, không phải {_show(raw)}")
            return default
        return raw

    def texts(self, entry: Any, where: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
        if entry is None:
            return ()
        if not isinstance(entry, list):
            self.fail(where, "phải là một danh sách chuỗi chữ")
            return ()
        out = []
        for i, item in enumerate(entry):
            if not isinstance(item, str):
                self.fail(f"{where}[{i}]", f"phải là một chuỗi chữ, không phải {_show(item)}")
            elif allowed is not None and item not in allowed:
                self.fail(f"{where}[{i}]", f"“{item}” không phải một trong: {', '.join(allowed)}")
            else:
                out.append(item)
        return tuple(out)

    def obj(self, entry: Any, where: str) -> dict:
        if entry is None:
            return {}
        if not isinstance(entry, dict):
            self.fail(where, "phải là một đối tượng {…}")
            return {}
        return entry


def _fmt(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def _show(raw: Any) -> str:
    text = json.dumps(raw, ensure_ascii=False) if not isinstance(raw, float) else _fmt(raw)
    return text if len(text) <= 40 else text[:37] + "…"


def flag(r: Reader, entry: Any, where: str, default: bool) -> bool:
    """A true/false field; anything else is a sentence and the default."""
    if entry is None:
        return default
    if not isinstance(entry, bool):
        r.fail(where, f"phải là true hoặc false, không phải {_show(entry)}")
        return default
    return entry
