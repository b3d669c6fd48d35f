"""Remembered import mappings (issue 11 finding 6, issue 12 point 2): what an uploader told the mapping
step about a label the catalogue could not place, per layout signature.

A mapping is either "map" (label -> a catalogue code) or "ignore" (the row or column is reported as
ignored, never silently dropped). Rules, checked here so the page, the API and the CLI store the same:
- only catalogue codes: regions of the catalogue, importable indicators (no derived ones);
- only labels of the upload being mapped (`allowed`): nobody remembers a label they have not seen unmatched;
- never over the catalogue: a label the catalogue places by itself cannot be remembered; a label it finds in
  several places (桥东区) may only be mapped to one of those;
- within the uploader's region scope (`scope`: codes, None for every region);
- each row keeps who made it and when (`created_by`, `created_at`); every import that uses one says so in
  its report (rules `mapping_applied` / `mapping_ignored`); an administrator lists and revokes them.
Remembered mappings apply to every later upload of the same layout, which is why they are shown wherever
they act and can be revoked.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import re

import pandas as pd
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from data import schema as t
from data import store
from data.errors import UserError

if TYPE_CHECKING:
    from data.imports.match import Matcher

MAP, IGNORE = "map", "ignore"
IGNORED = "__ignore__"  # what a matcher returns for a label remembered as "ignore"; also the UI's choice value
KINDS = ("region", "indicator")
LIST_COLUMNS = ["id", "layout", "kind", "label", "action", "code", "created_by", "created_at"]
_SIGNATURE = re.compile(r"^[a-z_]{1,32}:[0-9a-f]{16}$")


def load(conn: Connection) -> tuple[dict, dict]:
    """({layout: {(kind, label): code or IGNORED}}, {(layout, kind, label): (created_by, created_at)})."""
    m = t.import_mappings.c
    codes: dict[str, dict] = {}
    meta: dict[tuple, tuple] = {}
    for r in conn.execute(select(m.layout, m.kind, m.label, m.code, m.action, m.created_by, m.created_at)):
        codes.setdefault(r.layout, {})[(r.kind, r.label)] = IGNORED if r.action == IGNORE else r.code
        meta[(r.layout, r.kind, r.label)] = (r.created_by, r.created_at)
    return codes, meta


def list_all(conn: Connection) -> pd.DataFrame:
    """Every remembered mapping (LIST_COLUMNS), newest first."""
    m = t.import_mappings.c
    rows = conn.execute(select(*[m[c] for c in LIST_COLUMNS]).order_by(m.created_at.desc(), m.id.desc())).all()
    return pd.DataFrame(rows, columns=LIST_COLUMNS)


def _catalogue_codes(kind: str) -> set[str]:
    from data.catalogue import load_indicators, load_regions

    if kind == "region":
        regions = load_regions()
        return set(regions.loc[regions["level"] != "province", "code"])
    inds = load_indicators()
    return set(inds.loc[inds["formula"].isna(), "code"])


def save(conn: Connection, layout: str, kind: str, choices: dict[str, str], user: str | None, *,
         allowed: set[str] | None = None, scope: frozenset[str] | None = None) -> int:
    """Remember label -> code (or IGNORED) for a layout signature, replacing an earlier choice of the same
    label. All or nothing: UserError (400, or 403 outside the scope) names the first refused choice.
    Returns the number stored."""
    from data.imports.match import Matcher, norm

    if kind not in KINDS:
        raise UserError("映射类型只能是地区或指标", "Mapping kind must be region or indicator")
    if not isinstance(layout, str) or not _SIGNATURE.match(layout):
        raise UserError("映射所属的表格格式无效，请重新上传文件", "Invalid layout signature; upload the file again")
    valid = _catalogue_codes(kind)
    matcher = Matcher.build()
    rows = []
    for label, code in choices.items():
        if not code:
            continue
        if not isinstance(label, str) or not norm(label) or len(label) > 255 or not isinstance(code, str):
            raise UserError("映射的名称无效", "Invalid label in the mapping")
        if allowed is not None and label not in allowed:
            raise UserError(f"「{label[:40]}」不是本次上传中未识别的名称，不能为它保存映射",
                            f"“{label[:40]}” is not an unmatched label of this upload; it cannot be mapped")
        if code != IGNORED and code not in valid:
            what = "地区代码" if kind == "region" else "指标代码"
            raise UserError(f"「{label[:40]}」：{code[:40]} 不是目录中的{what}",
                            f"“{label[:40]}”: {code[:40]} is not a catalogue {kind} code")
        known = matcher.catalogue_candidates(kind, label)
        if len(known) == 1:
            raise UserError(f"「{label[:40]}」已能按目录识别，不能用映射改变它",
                            f"“{label[:40]}” is placed by the catalogue; a mapping cannot override it")
        if known and code != IGNORED and code not in known:
            raise UserError(f"「{label[:40]}」在目录中对应 {'、'.join(sorted(known))}，只能从中选择",
                            f"“{label[:40]}” is one of {', '.join(sorted(known))} in the catalogue; choose one of them")
        if kind == "region" and code != IGNORED and scope is not None and code not in scope:
            raise UserError(f"「{label[:40]}」：{code} 不在您的账号可处理的地区范围内",
                            f"“{label[:40]}”: {code} is outside your account's regions", status=403)
        rows.append((norm(label), code))
    m = t.import_mappings.c
    for key, code in rows:
        action = IGNORE if code == IGNORED else MAP
        values = {"code": "" if action == IGNORE else code, "action": action, "created_by": user,
                  "created_at": store.now()}
        exists = conn.execute(select(m.id).where(m.layout == layout, m.kind == kind, m.label == key)).first()
        if exists:
            conn.execute(update(t.import_mappings).where(m.id == exists.id).values(**values))
        else:
            conn.execute(insert(t.import_mappings).values(layout=layout, kind=kind, label=key, **values))
    if rows:
        store.audit(conn, user, "import.mapping", layout, {"kind": kind, "mapping": dict(rows)})
    return len(rows)


def revoke(conn: Connection, mapping_id: int, actor: str | None, ip: str | None = None) -> dict:
    """Forget one remembered mapping (later uploads are matched by the catalogue alone again). The audit
    row keeps what it was, who made it and when. UserError 404 when there is no such mapping."""
    m = t.import_mappings.c
    row = conn.execute(select(*[m[c] for c in LIST_COLUMNS]).where(m.id == int(mapping_id))).mappings().first()
    if row is None:
        raise UserError(f"映射 {mapping_id} 不存在", f"No mapping {mapping_id}", status=404)
    conn.execute(delete(t.import_mappings).where(m.id == row["id"]))
    record = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in dict(row).items()}
    store.audit(conn, actor, "import.mapping_revoke", f"mapping:{row['id']}", record, ip=ip)
    return record


def described(meta: tuple | None) -> tuple[str, str]:
    """(zh, en) "made by whom, when" of a mapping's metadata."""
    who, when = meta or (None, None)
    day = when.strftime("%Y-%m-%d") if hasattr(when, "strftime") else str(when or "")[:10]
    return f"{who or '未知用户'} 于 {day}", f"{who or 'unknown'} on {day}"


# ---- in the import report -------------------------------------------------------------------------

def _keys(kind: str, label: object) -> list[tuple[str, str]]:
    from data.imports.match import norm, split_unit, strip_prefix

    s = norm(label)
    if kind == "region":
        return [("region", s)]
    base = split_unit(s)[0]
    return [("indicator", k) for k in (s, base, strip_prefix(base), strip_prefix(base).lower())]


def drop_ignored(cells: pd.DataFrame, matcher: Matcher) -> tuple[pd.Series, list[pd.DataFrame]]:
    """Cells of rows/columns remembered as "ignore": (mask of cells to keep, `mapping_ignored` report rows).
    The cells are accounted for as ignored, never silently dropped."""
    from data.imports.match import norm

    labels = pd.unique(cells["region_label"].astype(object))
    ignore_label = {lab: ("region", norm(lab)) in matcher.remembered and matcher.verdict(lab).code == IGNORED
                    for lab in labels}
    by_indicator = cells["indicator"].eq(IGNORED).astype(bool).rename(None)
    ignored = cells["region_label"].astype(object).map(ignore_label).fillna(False).astype(bool) | by_indicator \
        if any(ignore_label.values()) else by_indicator   # no region label ignored: the mapping is all False
    if not ignored.any():
        return ~ignored, []
    region = pd.Series([IGNORED if i else None for i in ignored], index=cells.index, dtype=object)
    return ~ignored, _notes(cells[ignored], region[ignored], matcher, "mapping_ignored")


def applied(cells: pd.DataFrame, region: pd.Series, matcher: Matcher) -> list[pd.DataFrame]:
    """`mapping_applied` report rows: one per label cell a remembered mapping placed (which code, who made
    the mapping and when)."""
    return _notes(cells, region, matcher, "mapping_applied")


def _notes(cells: pd.DataFrame, region: pd.Series, matcher: Matcher, rule: str) -> list[pd.DataFrame]:
    from data.imports import problems as P

    probs: list[pd.DataFrame] = []
    if not matcher.used or cells.empty:
        return probs
    for kind, label_col, row_col, col_col, code in (
            ("region", "region_label", "region_row", "region_col", region),
            ("indicator", "indicator_label", "ind_row", "ind_col", cells["indicator"])):
        labels = pd.unique(cells[label_col].astype(object))
        hit = {lab: next((k for k in _keys(kind, lab) if k in matcher.used), None) for lab in labels}
        hit = {lab: k for lab, k in hit.items() if k is not None}
        if not hit:
            continue
        sel = cells[cells[label_col].astype(object).isin(list(hit))]
        codes = code.loc[sel.index].astype(object)
        want = codes.eq(IGNORED) if rule == "mapping_ignored" else codes.notna() & ~codes.eq(IGNORED)
        sel = sel[want.to_numpy()].drop_duplicates(["sheet", row_col, col_col])
        if sel.empty:
            continue
        shown = code.loc[sel.index].astype(str)
        made = [described(matcher.remembered_meta.get(hit[lab])) for lab in sel[label_col]]
        zh = [f"{w[0]}记住的映射" + ("" if rule == "mapping_ignored" else f"，识别为 {c}") for w, c in zip(made, shown)]
        en = [f"mapping made by {w[1]}" + ("" if rule == "mapping_ignored" else f": read as {c}")
              for w, c in zip(made, shown)]
        probs.append(P.make(rule, sel, row=row_col, col=col_col, value=label_col, extra_zh=zh, extra_en=en))
    return probs
