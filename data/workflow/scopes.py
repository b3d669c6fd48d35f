"""Accounts scoped to regions (issue 14 §2).

An uploader account may be bound to one or more regions (GB/T 2260 codes); it may then submit figures
for those regions only. An account bound to none is not scoped. The check runs where analysed rows
become a batch (data.imports.service.stage), so the page, the API and the CLI share it.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from data import schema as t
from indicators.formatting import plural_en
from data import store
from data.errors import UserError


def regions_of(conn: Connection, username: str | None) -> list[str] | None:
    """The region codes an account is bound to (sorted), or None when it is not scoped."""
    if not username:
        return None
    u, r = t.users.c, t.user_regions.c
    rows = conn.execute(select(r.region).join(t.users, u.id == r.user_id)
                        .where(u.username == username).order_by(r.region)).scalars().all()
    return list(rows) or None


def set_regions(conn: Connection, username: str, regions: list[str], *, actor: str | None) -> list[str]:
    """Bind an account to `regions` (replacing earlier bindings; an empty list unbinds it).

    Raises UserError for an unknown account or region code."""
    uid = conn.execute(select(t.users.c.id).where(t.users.c.username == username)).scalar()
    if uid is None:
        raise UserError(f"用户 {username} 不存在", f"No user named {username}", status=404)
    codes = sorted({str(c).strip() for c in regions if str(c).strip()})
    known = set(conn.execute(select(t.regions.c.code).where(t.regions.c.code.in_(codes))).scalars()) if codes else set()
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise UserError(f"未知的地区代码：{'、'.join(unknown)}", f"Unknown region codes: {', '.join(unknown)}")
    conn.execute(delete(t.user_regions).where(t.user_regions.c.user_id == uid))
    if codes:
        conn.execute(insert(t.user_regions), [{"user_id": uid, "region": c} for c in codes])
    store.audit(conn, actor, "user.regions", f"user:{username}", {"regions": codes})
    return codes


def region_names(conn: Connection, lang: str = "zh") -> dict[str, str]:
    """code -> region name; lang="en": the English name (name_en, "Qinghe County"), the Chinese one where none."""
    rows = conn.execute(select(t.regions.c.code, t.regions.c.name, t.regions.c.name_en)).all()
    return {r.code: (r.name_en or r.name) if lang == "en" else r.name for r in rows}


def outside(conn: Connection, username: str | None, obs: pd.DataFrame) -> tuple[list[str] | None, pd.DataFrame]:
    """The scope rule, once: (the account's regions or None when it is not scoped, the rows of `obs` whose region
    is not among them). `check` refuses on it when a batch is staged; `problems` reports it in the validation
    report, so the page, the API's dry run and the CLI say beforehand what submitting would refuse."""
    allowed = regions_of(conn, username)
    if allowed is None or obs.empty:
        return allowed, obs.iloc[0:0]
    return allowed, obs[~obs["region"].isin(allowed)]


def problems(conn: Connection, username: str | None, obs: pd.DataFrame) -> pd.DataFrame:
    """One error (rule region_scope) per figure outside a scoped account's regions, naming its cell, the region
    and the account's regions (data.imports.problems columns); empty when all are in scope or none is scoped."""
    from data.imports import problems as P

    allowed, out = outside(conn, username, obs)
    if not allowed or out.empty or not {"sheet", "row", "col"} <= set(out.columns):
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    zh, en = region_names(conn), region_names(conn, "en")
    mine_zh, mine_en = "、".join(zh.get(c, c) for c in allowed), ", ".join(en.get(c, c) for c in allowed)
    frame = out.assign(row_label=out.get("row_label", ""), col_label=out.get("col_label", ""))
    return P.make("region_scope", frame, value="raw" if "raw" in frame else "value", texts=(
        P.RULES["region_scope"][1], P.RULES["region_scope"][2],
        f"请删去这些行（列），或请管理员调整账号 {username} 的报送地区",
        f"Remove them, or ask an administrator to change the regions of account {username}"),
        extra_zh=[f"{zh.get(c, c)}（账号 {username} 只能报送{mine_zh}的数据），提交时将被拒绝" for c in out["region"]],
        extra_en=[f"{en.get(c, c)} (account {username} may submit figures for {mine_en} only); submitting would be "
                  "refused" for c in out["region"]])


def check(conn: Connection, username: str | None, obs: pd.DataFrame) -> None:
    """Refuse (UserError 403) when a scoped account's rows hold regions outside its scope (`outside`).

    The message names each refused region with its number of figures and the first cells."""
    allowed, outside_rows = outside(conn, username, obs)
    if allowed is None or outside_rows.empty:
        return
    names = region_names(conn)
    parts_zh, parts_en = [], []
    for code, rows in outside_rows.groupby("region", sort=True):
        cells = [c for c in rows.get("cell", pd.Series(dtype=object)).astype(str).head(3) if c and c != "nan"]
        sheet = str(rows["sheet"].iloc[0]) if "sheet" in rows and pd.notna(rows["sheet"].iloc[0]) else ""
        where = f"（{sheet} {'、'.join(cells)}）" if cells else ""
        parts_zh.append(f"{names.get(code, code)}{len(rows)} 个数值{where}")
        parts_en.append(f"{names.get(code, code)} ({code}): {len(rows)} {plural_en(len(rows), 'figure', 'figures')}" + (f" at {', '.join(cells)}" if cells else ""))
    mine = "、".join(names.get(c, c) for c in allowed)
    raise UserError(
        f"账号 {username} 只能报送{mine}的数据，以下地区不在范围内，本次未写入任何数据：{'；'.join(parts_zh)}。"
        f"请删去这些行后重新提交，或请管理员调整账号的报送地区。",
        f"Account {username} may submit figures for {mine} only; these regions are outside its scope and "
        f"nothing was written: {'; '.join(parts_en)}. Remove those rows, or ask an administrator.",
        status=403, detail={"allowed": allowed, "refused": sorted(outside_rows["region"].unique().tolist())})
