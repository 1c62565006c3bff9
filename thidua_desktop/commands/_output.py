"""Output helpers shared by the headless commands."""

from __future__ import annotations

import json
import sys
import unicodedata
from typing import Any


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def emit_json(data: Any) -> None:
    """One JSON document on stdout, UTF-8, values NFC."""
    sys.stdout.write(json.dumps(_nfc(data), ensure_ascii=False, indent=2, default=str) + "\n")


def say(message: str) -> None:
    """A Vietnamese message on stderr."""
    sys.stderr.write(message + "\n")
