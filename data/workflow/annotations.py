"""Series breaks (口径调整) and explanatory notes (说明) on figures, recorded by an approver or admin: one check and
one write for the API (POST /api/v1/annotations) and the page (/notes). The write is audited and bumps the data
version (data.store.add_annotation), so every chart, sentence and export sees it at once (figures.notes)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from data import store
from data.catalogue import load_indicators
from data.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.engine import Engine

KINDS = ("series_break", "note")
PERIOD = re.compile(r"^\d{4}(Q[1-4]|M(0[1-9]|1[0-2]))?$")  # the store's labels exactly: 2023, 2023Q3, 2023M09
MAX_TEXT = 500


def check(body: dict, region_codes: Iterable[object]) -> dict:
    """{indicator, region (None: every region), period, kind, text} from a request body or a form, checked.
    UserError (400) names the field to fix, zh and en. region_codes: the store's region codes."""
    indicator = str(body.get("indicator") or "").strip()
    if indicator not in set(load_indicators()["code"]):
        raise UserError(f"未知的指标代码：{indicator or '（空）'}", f"Unknown indicator: {indicator or '(empty)'}")
    region = str(body.get("region") or "").strip() or None
    if region is not None and region not in {str(c) for c in region_codes}:
        raise UserError(f"未知的地区代码：{region}", f"Unknown region: {region}")
    period = str(body.get("period") or "").strip()
    if not PERIOD.match(period):
        raise UserError("期别格式应为 2023、2023Q3 或 2023M09", "Periods look like 2023, 2023Q3 or 2023M09")
    kind = str(body.get("kind") or "").strip()
    if kind not in KINDS:
        raise UserError("kind 只能取 series_break（口径调整）或 note（说明）", "kind must be series_break or note")
    text = str(body.get("text") or "").strip()
    if not 1 <= len(text) <= MAX_TEXT:
        raise UserError(f"请填写说明文字（1—{MAX_TEXT}字）", f"text is required (1–{MAX_TEXT} characters)")
    return {"indicator": indicator, "region": region, "period": period, "kind": kind, "text": text}


def record(engine: Engine, a: dict, user: str | None) -> int:
    """Write a checked annotation (`check`) in one transaction; returns the new data version."""
    with engine.begin() as conn:
        store.add_annotation(conn, a["indicator"], a["region"], a["period"], a["kind"], a["text"], user)
        return store.data_version(conn)
