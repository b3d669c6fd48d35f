"""The import service used by the upload page, the review page, the CLI and the HTTP API.

analyse(): files -> report (every problem at once) + preview; writes nothing.
stage(): the analysed figures become a draft revision (only when there are no errors), optionally submitted.
publish_revision(): maker–checker (in data.store) — the approver must not be who created or submitted it.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import hashlib
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from data import schema as t
from data import store
from data.catalogue import DEFAULT_HOME_REGION
from data.errors import UserError
from data.frames import OBS_COLUMNS, conform
from data.imports import accounting, mappings
from data.imports import problems as P
from data.imports import validate
from data.imports.build import build
from data.imports.table_shapes import (INSTRUCTIONS_LINE, LINE_NUMBER, META_LINE, NOTE_START, SIGNATURE_LINE, SOURCE_START, Layout,
                                      cell_unit, detect, note_periods, note_verdict)
from data.imports.match import Matcher, layout_signature, split_unit
from data.imports.preview import diff, to_json
from data.imports.read import MAX_ROWS, Sheet
from data.imports.sandbox import read_limited
from data.imports.sniff import sniff
from indicators.formatting import plural_en
from data.imports.staging import load_upload, prune_uploads, save_upload  # noqa: F401 - the pages' entry points

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from collections.abc import Sequence
    from datetime import date
    from data.imports.read import Sheet

REPORT_LIMIT = 2000
HELPER_SHEETS = {"填写说明", "指标目录", "选项", "说明", "Instructions"}  # the templates' own helper sheets  # problems kept in the stored JSON report (counts are always complete)


@dataclass
class ImportResult:
    files: list[dict]
    obs: pd.DataFrame                      # OBS_COLUMNS plus file/sheet/cell/row_label/col_label
    problems: pd.DataFrame                 # problems.PROBLEM_COLUMNS
    preview: dict
    unmatched: list[dict] = field(default_factory=list)  # {"kind", "label", "layout", "suggestions"}
    timings: dict = field(default_factory=dict)
    originals: dict = field(default_factory=dict)  # sha256 -> bytes: kept with the batch (provenance)

    @property
    def errors(self) -> pd.DataFrame:
        return self.problems[self.problems["severity"] == "error"]

    @property
    def warnings(self) -> pd.DataFrame:
        return self.problems[self.problems["severity"] == "warning"]

    @property
    def ok(self) -> bool:
        return self.errors.empty and not self.obs.empty

    def counts(self) -> dict:
        return {"rows": int(len(self.obs)), "errors": int(len(self.errors)), "warnings": int(len(self.warnings)),
                **self.preview.get("counts", {}), "cells": self.preview.get("cells", accounting.empty_counts())}

    def report(self, limit: int = REPORT_LIMIT) -> dict:
        def recs(df):
            return df.head(limit).to_dict("records")
        return {"files": self.files, "counts": self.counts(), "errors": recs(self.errors),
                "warnings": recs(self.warnings), "unmatched": self.unmatched,
                "preview": to_json(self.preview, limit=min(limit, 500))}


def load_mappings(conn: Connection) -> dict[str, dict[tuple[str, str], str]]:
    """{layout signature: {(kind, label): code or mappings.IGNORED}} (see data/imports/mappings.py)."""
    return mappings.load(conn)[0]


def save_mappings(conn: Connection, layout: str, kind: str, mapping: dict[str, str], user: str | None, *,
                  allowed: set[str] | None = None, scope: frozenset[str] | None = None) -> int:
    """Remember label -> code (or mappings.IGNORED) for a layout signature: validated in mappings.save."""
    return mappings.save(conn, layout, kind, mapping, user, allowed=allowed, scope=scope)


def list_mappings(conn: Connection) -> pd.DataFrame:
    return mappings.list_all(conn)


_FIGURE_IN_TEXT = re.compile(r"(?:^|[;,，\t|\s])[-+]?\d[\d,.]*%?(?=$|[;,，\t|\s])")


def _holds_figure(v: object) -> bool:
    """A cell holding a figure: a number, or text with a number standing on its own ("12305", "清河县;12305;78" in a
    CSV line read as one cell), not digits inside words ("2024年1-9月")."""
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return v == v
    return isinstance(v, str) and bool(_FIGURE_IN_TEXT.search(v))


def _unknown_layout(name: str, sh: Sheet) -> dict:
    """unknown_layout for a sheet holding figures but no recognised table; for a CSV read as one column whose lines
    hold another separator (";", "|"), the message names it and the fix saves the file as .xlsx."""
    col = sh.grid.iloc[:, 0].astype(str) if sh.grid.shape[1] == 1 and sh.separator else None
    seps = [d for d in (";", "|", "\t", ",") if d != sh.separator and col is not None and col.str.contains(d, regex=False).sum() >= 2]
    if not seps:
        return P.one("unknown_layout", file=name, sheet=sh.name, cell="A1")
    d = {"\t": "制表符"}.get(seps[0], f"“{seps[0]}”")
    return P.one("unknown_layout", file=name, sheet=sh.name, cell="A1",
                 message_zh=f"未识别出数据表格：文件只读出一列，各行中的 {d} 可能是列分隔符，但无法确定",
                 message_en=f"No table recognised: the file was read as one column; the {seps[0]!r} in its lines may "
                 "be the column separator",
                 fix_zh="请在 Excel 中打开该文件（数据→分列，按实际分隔符分列），另存为 .xlsx 后上传",
                 fix_en="Open the file in Excel, split the column by its separator (Data > Text to Columns), save as "
                 ".xlsx and upload that")


def _hidden_warning(file: str, sheet: str, what_zh: str, what_en: str, rule: str = "hidden_data") -> pd.DataFrame:
    return pd.DataFrame([P.one(rule, file=file, sheet=sheet, cell="",
                               message_zh=P.RULES[rule][1] + "：" + what_zh,
                               message_en=P.RULES[rule][2] + ": " + what_en)])


def _rows_text(rows: Iterable[int]) -> str:
    rows = sorted(int(r) + 1 for r in rows)
    shown = "、".join(str(r) for r in rows[:20]) + ("…" if len(rows) > 20 else "")
    return shown


def _context_texts(sh: Sheet, layout: Layout, name: str) -> tuple[str, ...]:
    """The table's context for the matcher: its title and header-block lines (the structure rows above it),
    the sheet's name and the file's name (which unit the table is of: Matcher.judge_zone_aliases)."""
    rows = sorted({r for r, c, kind in layout.structure if c == -1 and kind in ("title", "meta") and 0 <= r < len(sh.grid)})
    lines = [" ".join(t for t in (str(v).strip() for v in sh.grid.iloc[r] if isinstance(v, str)) if t) for r in rows]
    return (*lines, sh.name, name)


def status_unsaid_from_published(obs: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Each figure whose file states no status (no 状态 column, or a blank cell: obs.status_said False) takes the
    status of the published figure it replaces (by indicator, region, period, 累计), as the online form offers
    (data.workflow.form.published_statuses): correcting a 快报 figure keeps it 快报 unless the file says 正式
    (bp4: an upload without 状态 turned 快报 figures into 正式). A figure replacing none stays 正式 (final).
    Returns obs (a new frame when anything changes); obs without status_said passes through."""
    if obs.empty or "status_said" not in obs or published.empty or obs["status_said"].all():
        return obs
    key = ["indicator", "region", "period", "is_ytd"]
    old = published.drop_duplicates(key, keep="last").set_index(key)["status"]
    before = pd.Series(old.reindex(pd.MultiIndex.from_frame(obs[key])).to_numpy(), index=obs.index)
    take = ~obs["status_said"].astype(bool) & before.notna() & before.astype(str).ne("")
    if not take.any():
        return obs
    return obs.assign(status=obs["status"].where(~take, before))


def analyse(conn: Connection, files: list[tuple[str, bytes]], *, home_region: str = DEFAULT_HOME_REGION,
            max_bytes: int | None = None, max_rows: int = MAX_ROWS, include_hidden: bool = False,
            today: date | None = None, refused: Sequence[tuple[str, int, UserError]] = (),
            file_label: Callable[[object, str], str] | None = None, user: str | None = None) -> ImportResult:
    """Read, match, clean, validate and preview. Nothing is written.

    refused: files the caller refused before reading them (name, size in bytes, the UserError, e.g.
    sniff.too_big for a file over the limit): each is in the report as a bad_file error, like a file
    refused here.

    include_hidden: read hidden sheets, rows and columns too (with a warning naming them); by default
    they are left out, with a warning naming those that hold data. today: the date deciding which
    periods have ended (the real date when None). file_label(name, lang): how the pages name a batch's file
    (texts.i18n.batch_file_name, passed by the callers above this layer), for the duplicate refusal naming the
    earlier batch's file; the stored name when None. user: the account that would submit: a
    region-scoped one's rows of other regions are errors of the report (data.workflow.scopes.problems, the rule
    `stage` refuses on)."""
    t0 = time.perf_counter()
    remembered, remembered_meta = mappings.load(conn)
    all_obs, all_probs, infos, unmatched = [], [], [], []
    cell_counts = accounting.empty_counts()
    skipped_rows: list[dict] = []
    hidden_with_data: list[str] = []
    base_matcher = Matcher.build(home_region)
    timings = {}
    for name, size, exc in refused:
        infos.append({"name": name, "bytes": int(size), "sha256": None, "sheets": []})
        all_probs.append(pd.DataFrame([P.one("bad_file", file=name, message_zh=exc.message_zh,
                                             message_en=exc.message_en, fix_zh="", fix_en="")]))
    for name, data in files:
        info = {"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "sheets": []}
        infos.append(info)
        try:
            kind = sniff(data, name, max_bytes=max_bytes)
            sheets = read_limited(data, kind, name, max_rows=max_rows)  # bounded, in a limited child
        except UserError as exc:
            all_probs.append(pd.DataFrame([P.one("bad_file", file=name, message_zh=exc.message_zh,
                                                 message_en=exc.message_en, fix_zh="", fix_en="")]))
            continue
        timings["read_s"] = timings.get("read_s", 0) + time.perf_counter() - t0
        glossary = _sheet_units(sheets, base_matcher)   # units another sheet states of an indicator
        sheet_notes = _sheet_notes(sheets)   # notes another sheet states of the figures (说明, 封面, hidden too)
        for sh in sheets:
            if sh.name in HELPER_SHEETS or INSTRUCTIONS_LINE.match(sh.name.strip()):
                # the templates' helper sheets, and a sheet of instructions or a sample (填报说明, 样表: an example
                # table there is no figure, br9 i12)
                accounting.add_counts(cell_counts, accounting.whole_sheet(sh, "structure", "helper"))
                continue
            if sh.hidden and not include_hidden:
                c = accounting.whole_sheet(sh, "refused")
                accounting.add_counts(cell_counts, c)
                if c["total"]:
                    hidden_with_data.append(sh.name)
                    all_probs.append(_hidden_warning(
                        name, sh.name, f"工作表「{sh.name}」是隐藏的，其中有 {c['total']} 个非空单元格",
                        f"sheet {sh.name} is hidden and holds {c['total']} non-empty cells"))
                continue
            if sh.hidden:
                all_probs.append(_hidden_warning(name, sh.name, f"隐藏的工作表「{sh.name}」已读取",
                                                 f"hidden sheet {sh.name} was read", "hidden_included"))
            hidden_rows, hidden_cols = _hide(sh, name, include_hidden, all_probs)
            outside = _hidden_units(getattr(sh, "original_grid", sh.grid), hidden_rows, hidden_cols) \
                + [u for u in glossary if u[5] != sh.name]
            matcher = base_matcher.fresh()
            layout = detect(sh, matcher, name)
            if layout is None:
                mask = accounting.nonblank_mask(sh.grid)
                numeric = sh.grid.map(_holds_figure).to_numpy() if mask.any() else mask
                if (mask & numeric).any():
                    all_probs.append(pd.DataFrame([_unknown_layout(name, sh)]))
                    c = accounting.whole_sheet(sh, "refused")
                else:
                    c = accounting.whole_sheet(sh, "structure", "text_sheet")
                c["refused"] += 0
                accounting.add_counts(cell_counts, c)
                continue
            sig = layout_signature(layout.kind, layout.header_labels)
            info["sheets"].append({"sheet": sh.name, "layout": layout.kind, "signature": sig,
                                   "period": layout.period.label if layout.period else None})
            matcher.remembered = dict(remembered.get(sig, {}))
            matcher.remembered_meta = {(k, lab): meta for (lay, k, lab), meta in remembered_meta.items() if lay == sig}
            if matcher.remembered:  # re-detect so remembered column labels take part in matching
                layout = detect(sh, matcher, name)
            matcher.context = _context_texts(sh, layout, name)
            layout.outside_units = [u[:5] for u in outside]
            layout.outside_notes = [n for n in sheet_notes if n[3] != sh.name]
            obs, probs = build(layout, matcher, name, sh.formula_blanks, percent_cells=sh.percent_cells,
                               scaled_cells=sh.scaled_cells, unit_cells=sh.unit_cells,
                               today=today, separator=sh.separator, merged=sh.merged)
            probs = [_hidden_members(p.assign(file=name), hidden_rows) for p in probs if len(p)]
            all_probs += probs
            sheet_probs = pd.concat(probs, ignore_index=True) if probs else pd.DataFrame(columns=P.PROBLEM_COLUMNS)
            counts, skipped, extra = accounting.account(sh, layout, sheet_probs, name,
                                                        refused_rows=hidden_rows, refused_cols=hidden_cols)
            accounting.add_counts(cell_counts, counts)
            skipped_rows += [dict(d, file=name) for d in skipped]
            if len(extra):
                all_probs.append(extra)
            for p in probs:
                if len(p) and p["rule"].iloc[0] in ("unknown_region", "unknown_indicator"):
                    kind_ = "region" if p["rule"].iloc[0] == "unknown_region" else "indicator"
                    for lab in pd.unique(p["value"]):
                        if lab and not any(u["label"] == lab and u["layout"] == sig for u in unmatched):
                            unmatched.append({"kind": kind_, "label": lab, "layout": sig, "sheet": sh.name,
                                              "cells": p.loc[p["value"] == lab, "cell"].head(5).tolist(),
                                              "suggestions": matcher.suggest(kind_, lab)})
            all_obs.append(obs)
    timings["parse_s"] = time.perf_counter() - t0
    obs = pd.concat(all_obs, ignore_index=True) if all_obs else pd.DataFrame(columns=list(OBS_COLUMNS))
    no_file_error = not any(len(p) and (p["rule"] == "bad_file").any() for p in all_probs)
    if obs.empty and no_file_error and (files or refused):
        where_zh = (f"数据在隐藏的工作表「{'」「'.join(hidden_with_data)}」中：请在 Excel 中取消隐藏后重新上传"
                    if hidden_with_data else "")
        where_en = (f"the data is on hidden sheet(s) {', '.join(hidden_with_data)}: unhide them in Excel and upload again"
                    if hidden_with_data else "")
        all_probs.append(pd.DataFrame([P.one("no_values", file=files[0][0] if len(files) == 1 else "",
                                             message_zh=P.RULES["no_values"][1] + ("；" + where_zh if where_zh else ""),
                                             message_en=P.RULES["no_values"][2] + ("; " + where_en if where_en else ""))]))
    if len(obs):
        obs["cell"] = P.cell_refs_column(obs["row"].to_numpy(), obs["col"].to_numpy())
    if user and len(obs):
        from data.workflow import scopes

        scope = scopes.problems(conn, user, obs)
        if len(scope):
            all_probs.append(scope)
    inds = list(pd.unique(obs["indicator"])) if len(obs) else []
    # with the 其中 parts and wholes of those indicators, which validate._part_above_whole checks against (the
    # preview and the rest read the file's own indicators only)
    cat = base_matcher.indicators
    related = [c for c in dict.fromkeys(cat.loc[cat["parent"].isin(inds), "code"].tolist()
                                        + cat.loc[cat["code"].isin(inds), "parent"].dropna().tolist()) if c not in inds]
    with_related = store.published_observations(conn, indicators=inds + related) if inds else \
        store.published_observations(conn, indicators=["__none__"])
    published = with_related[with_related["indicator"].isin(inds)] if related else with_related
    obs = status_unsaid_from_published(obs, published)
    content = content_hash(obs)
    if content:
        dup = _identical_revision(conn, content)
        if dup is not None:
            state = store.REVISION_STATUS_ZH.get(dup.status, dup.status)
            all_probs.append(pd.DataFrame([P.one(
                "duplicate_upload", file=files[0][0] if len(files) == 1 else "",
                message_zh=f"与批次 {dup.id}（{state}）内容相同（文件「{_file_label(dup, 'zh', file_label)}」），未重复提交",
                message_en=f"Same content as batch {dup.id} ({dup.status}, file “{_file_label(dup, 'en', file_label)}”); "
                           "not submitted again")]))
    for info in infos:
        info["content_sha256"] = content
    checked = obs
    obs, probs = validate.check(obs, with_related, base_matcher.indicators, base_matcher.regions)
    all_probs += [p for p in probs if len(p)]
    accounting.refuse_errored_values(cell_counts, checked, probs)
    timings["validate_s"] = time.perf_counter() - t0 - timings["parse_s"]
    problems = pd.concat(all_probs, ignore_index=True) if all_probs else pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    problems = problems[P.PROBLEM_COLUMNS].astype(object)
    problems = problems.sort_values(["severity", "file", "sheet"], kind="stable").reset_index(drop=True)
    preview = diff(obs, published) if len(obs) else {"counts": {"added": 0, "changed": 0, "unchanged": 0,
                                                                 "untouched": int(len(published))},
                                                      "added": pd.DataFrame(), "changed": pd.DataFrame()}
    preview["cells"] = cell_counts
    preview["skipped"] = skipped_rows
    timings["total_s"] = time.perf_counter() - t0
    result = ImportResult(infos, obs.reset_index(drop=True), problems, preview, unmatched, timings,
                          originals={hashlib.sha256(d).hexdigest(): d for _, d in files})
    _log("import.analyse", files=[f["name"] for f in infos], rows=len(result.obs), errors=len(result.errors),
         warnings=len(result.warnings), duration_ms=round(timings["total_s"] * 1000, 1))
    return result


def content_hash(obs: pd.DataFrame) -> str | None:
    """sha256 of the figures an import would write: (indicator, region, period, 累计, value, and the status of a
    figure that is not 正式), sorted, so the same workbook saved again (other bytes, same figures) hashes the same,
    while a 快报 figure confirmed as 正式 with the same value is a new batch (migration 0010 rehashed the stored
    batches holding such figures). None when there are none."""
    if obs is None or obs.empty:
        return None
    keys = pd.DataFrame({"indicator": obs["indicator"].astype(str), "region": obs["region"].astype(str),
                         "period": obs["period"].astype(str), "is_ytd": obs["is_ytd"].astype(bool),
                         "value": pd.to_numeric(obs["value"], errors="coerce").astype(float).round(6)})
    status = (obs["status"] if "status" in obs else pd.Series("final", index=obs.index)).astype(object)
    status = status.where(status.notna(), "final").astype(str)
    if (status != "final").any():  # all-正式 batches hash as before this rule (no extra column)
        keys["status"] = status.where(status != "final", "").to_numpy()
    # pandas' row hash uses a fixed key: the same figures give the same digest in every process
    rows = np.sort(pd.util.hash_pandas_object(keys, index=False).to_numpy())
    return hashlib.sha256(rows.tobytes()).hexdigest()


PENDING_OR_PUBLISHED = ("submitted", "published")


def _file_label(dup: object, lang: str, file_label: Callable[[object, str], str] | None) -> str:
    """The earlier batch's file name in a duplicate refusal: `file_label` (the pages' naming) or as stored."""
    name = getattr(dup, "file_name", None) or ""
    return file_label(name, lang) if file_label is not None else str(name)


def _identical_revision(conn: Connection, content: str):
    r = t.revisions.c
    return conn.execute(select(r.id, r.status, r.file_name).where(
        r.content_sha256 == content, r.status.in_(PENDING_OR_PUBLISHED)).order_by(r.id).limit(1)).first()


def _serial_columns(g: np.ndarray) -> set[int]:
    """The columns whose numbers count 1, 2, 3 … down (a 序号), holding at least one number."""
    out = set()
    for c in range(g.shape[1]):
        nums = [v for v in g[:, c] if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v]
        if nums and nums == list(range(1, len(nums) + 1)):
            out.add(c)
    return out


def _holds_figures(g: np.ndarray) -> bool:
    """Whether a sheet's cells hold a figure (_holds_figure, the one test of a cell) outside a column counting
    1, 2, 3 … down its numbers (a glossary's 序号 holds none, review) and a line's own number ("1. 清河县…")."""
    for c in range(g.shape[1]):
        nums = [v for v in g[:, c] if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v]
        if nums and nums != list(range(1, len(nums) + 1)):
            return True
        if any(_holds_figure(LINE_NUMBER.sub("", v)) for v in g[:, c] if isinstance(v, str)):
            return True   # a figure written as text ("12305") is a figure too
    return False


# sheets whose lines are no statement about the workbook's figures: a sample or an example (样表, 填写示例: its rows are
# the example's, br9 i12) and the catalogue's lists (the templates' 指标目录 and 选项, a glossary's 指标解释 defining the
# indicators); a line opening an example on a sheet of notes (例：, 填报示例) ends its notes
_EXAMPLE = re.compile(r"示例|样例|举例|样表|^例\s*(?:$|[:：\d一二三四五六七八九十、.（(])")
_LIST_SHEETS = re.compile(r"^(?:指标目录|选项|指标解释|名词解释)$")
# a line stating something (清河县为1-8月数据, 截至8月底): never a sheet's title (邢台市2024年1-9月县域科技指标)
_STATES = re.compile(r"为|是|系|均|按|截至|截止|沿用|[，,。；;：:]")
# a line that is only a date or a period (a cover's 2024年10月, 二〇二四年十月): when the sheet was written, or its title's
_DATE_ONLY = re.compile(r"^[\d\s年月日号〇○零一二三四五六七八九十./—–~～-]+$")


def _sheet_notes(sheets: list[Sheet]) -> list[tuple[str, tuple[int, int], str, str, bool]]:
    """Notes written on a sheet other than the table's (nt9): the text lines of a sheet of notes, instructions or a cover
    (说明, 备注, 注释, 填报说明, 封面; shown or hidden) that holds no figures, or of a helper or instructions sheet above its
    example (例：, 样表). Each line is judged in build like a note under the table (`build._qualifying_notes`, the one
    classifier `table_shapes.note_verdict`): "清河县数据为预计数" on 说明 refuses 清河县's figures of every table, naming
    the other sheet's cell (before, they were stored as actuals). Returns (text, (row, col), kind, sheet, hidden): kind
    "note" is judged for the periods it names too; "source" (a title, a 资料来源, 填报单位 or date line) only for
    estimates, last year's figures and scope. The templates' own instruction lines (templates.instruction_lines), the
    templates' lists, glossaries and example sheets say nothing of the figures."""
    from data.imports.templates import instruction_lines

    own = instruction_lines()
    out = []
    for sh in sheets:
        name = sh.name.strip()
        if sh.grid.empty or _LIST_SHEETS.match(name) or _EXAMPLE.search(name):
            continue
        g = sh.grid.to_numpy(dtype=object)
        helper = sh.name in HELPER_SHEETS or bool(INSTRUCTIONS_LINE.match(name))
        if not helper and _holds_figures(g):
            continue   # a sheet of figures: its notes are its own table's (table_shapes._below_notes)
        serial = _serial_columns(g)
        titled = False
        for r in range(g.shape[0]):
            vals = [(c, v) for c, v in enumerate(g[r]) if v is not None and v == v and str(v).strip()]
            if not vals:
                continue
            if any(c not in serial and not isinstance(v, str) or isinstance(v, str) and _holds_figure(
                    LINE_NUMBER.sub("", v)) for c, v in vals):
                continue   # a row of figures (an example's) is no note
            texts = [str(v).strip() for c, v in vals if isinstance(v, str)]
            text = " ".join(texts)
            first = unicodedata.normalize("NFKC", texts[0]) if texts else ""
            if _EXAMPLE.search(LINE_NUMBER.sub("", first)[:6]):
                break   # an example follows: its lines are the example's
            if unicodedata.normalize("NFKC", LINE_NUMBER.sub("", text)) in own:
                continue
            title = not titled and not NOTE_START.search(first) and not _STATES.search(first)
            titled = True
            kind = "source" if (title or SOURCE_START.search(first) or META_LINE.search(first)
                                or SIGNATURE_LINE.search(first) or _DATE_ONLY.match(text)) else "note"
            if note_verdict(text) is None and not (kind == "note" and note_periods(text)):
                continue   # only the lines that could qualify anything (a long sheet of text costs nothing in build)
            at = next(c for c, v in vals if isinstance(v, str))   # the line's first text, right of its 序号
            out.append((text, (r, at), kind, sh.name, bool(sh.hidden)))
    return out


def _hidden_units(grid: pd.DataFrame, rows: set, cols: set) -> list[tuple[str, str, str, str, None]]:
    """Units stated in the hidden rows and columns left out of the reading (_hide): (unit, "unit_hidden", where in zh,
    where in en, None), the first cell of each unit. A hidden 计量单位 column saying 亿元 made 1.2305 read as 万元
    (br8 c02): build refuses the figures such a unit may speak of (build._outside_unit)."""
    from data.imports.bounds import col_letter

    out: dict[str, tuple] = {}
    cells = [(r, c) for r in sorted(rows) for c in range(grid.shape[1])] + \
        [(r, c) for c in sorted(cols) for r in range(len(grid)) if r not in rows]
    for r, c in cells:
        v = grid.iat[r, c]
        if (u := cell_unit(v)) and u not in out:
            at = f"{col_letter(c)}{r + 1}"
            what = f"隐藏的第 {r + 1} 行" if r in rows else f"隐藏的 {col_letter(c)} 列"
            out[u] = (u, "unit_hidden", f"{what} {at}「{str(v).strip()}」", f"hidden cell {at} ({str(v).strip()})", None)
    return list(out.values())


def _sheet_units(sheets: list[Sheet], matcher: Matcher) -> list[tuple[str, str, str, str, str, str]]:
    """Units another sheet states of an indicator: a sheet holding no figures (指标解释, 填报说明; not the templates'
    helper sheets) whose row names a catalogue indicator and a unit (R&D经费 | … | 亿元, or R&D经费（亿元）). Returns
    (unit, "unit_elsewhere", where in zh, where in en, indicator code, sheet name) for each (br8 s03: the data sheet's
    R&D经费 without a unit was read as 万元 while the glossary said 亿元)."""
    from data.imports.bounds import col_letter

    out = []
    for sh in sheets:
        if sh.name in HELPER_SHEETS or sh.grid.empty:
            continue
        g = sh.grid.to_numpy(dtype=object)
        if _holds_figures(g):
            continue   # a sheet of figures states its units where it reads them
        for r in range(g.shape[0]):
            texts = [(c, v) for c, v in enumerate(g[r]) if isinstance(v, str) and v.strip()]
            # an indicator named alone or before its explanation (R&D经费（亿元）：全社会…, br9 u04)
            heads = [(c, re.split(r"[:：]", v, maxsplit=1)[0]) for c, v in texts]
            code = next((k for _c, v in heads if (k := matcher.indicator(v) or matcher.indicator(split_unit(v)[0]))),
                        None)
            unit = next(((c, v, u) for c, v in [*heads, *texts] if (u := cell_unit(v))), None)
            if unit is None or (code is None and not re.search(r"单位[:：]", unit[1])):
                continue   # a unit line without an indicator (封面: 金额单位：亿元, br9 u10) speaks of every figure
            c, v, u = unit
            at = f"{col_letter(c)}{r + 1}"
            out.append((u, "unit_elsewhere", f"工作表「{sh.name}」{at}「{v.strip()}」", f"sheet {sh.name} {at} ({v.strip()})",
                        code, sh.name))
    return out


def _hide(sh: Sheet, name: str, include: bool, all_probs: list) -> tuple[set, set]:
    """Hidden (or filtered-out) rows and hidden columns holding data: left out with a warning naming
    them (their cells are blanked before the table is read), or read with a warning when included."""
    grid = sh.grid
    rows = {r for r in sh.hidden_rows if r < len(grid)}
    cols = {c for c in sh.hidden_cols if c < grid.shape[1]}
    if not rows and not cols:
        return set(), set()
    mask = accounting.read_mask(sh)
    rows = {r for r in rows if mask[r].any()}
    cols = {c for c in cols if mask[:, c].any()}
    if not rows and not cols:
        return set(), set()
    from data.imports.bounds import col_letter
    what_zh = "、".join(x for x in (f"第 {_rows_text(rows)} 行（隐藏或被筛选）" if rows else "",
                                     f"第 {'、'.join(col_letter(c) for c in sorted(cols))} 列（隐藏）" if cols else "") if x)
    what_en = "; ".join(x for x in (f"rows {_rows_text(rows)} (hidden or filtered out)" if rows else "",
                                     f"columns {', '.join(col_letter(c) for c in sorted(cols))} (hidden)" if cols else "") if x)
    if include:
        all_probs.append(_hidden_warning(name, sh.name, what_zh + " 已读取", what_en + " read", "hidden_included"))
        return set(), set()
    all_probs.append(_hidden_warning(name, sh.name, what_zh, what_en))
    g = grid.copy()
    if rows:
        g.iloc[sorted(rows), :] = None
    if cols:
        g.iloc[:, sorted(cols)] = None
    sh.original_grid = grid
    sh.grid = g
    return rows, cols


def _hidden_members(probs: pd.DataFrame, hidden_rows: set) -> pd.DataFrame:
    """A 合计/小计 that disagrees with the listed rows of a sheet with hidden (or filtered-out) rows says so:
    the hidden rows are left out of the sum as they are of the import, and may be what the total counts."""
    if not hidden_rows or probs["rule"].iloc[0] not in ("total_mismatch", "subtotal_mismatch"):
        return probs
    rows = _rows_text(hidden_rows)
    return probs.assign(message_zh=probs["message_zh"] + f"（第 {rows} 行被隐藏或筛选掉，未计入所列之和）",
                        message_en=probs["message_en"] + f" (rows {rows} are hidden or filtered out: not in the sum)")


def _log(kind: str, **fields) -> None:
    from data.events import event

    event(kind, **fields)


def stage(conn: Connection, result: ImportResult, user: str, *, submit: bool = False, note: str | None = None,
          resubmits: int | None = None, file_label: Callable[[object, str], str] | None = None) -> int:
    """Write the analysed figures as a draft revision (and submit it). Refuses when there are errors,
    when a region-scoped account's rows hold other regions, and when the same batch is already pending
    or published (data.workflow.batches). Keeps the original files and each figure's sheet and cell;
    `resubmits` links a correction to the rejected batch it replaces; file_label as for `analyse`."""
    from data.workflow import batches, notify

    if not result.obs.empty:  # a scoped account's other regions: refused with the rule's own words first
        batches.before_stage(conn, result.obs, user, None)
    if not result.errors.empty:
        raise UserError(f"校验发现 {len(result.errors)} 个错误，请修正后再提交。",
                        f"{len(result.errors)} {plural_en(len(result.errors), 'error', 'errors')} must be fixed before submitting.")
    if result.obs.empty:
        raise UserError("文件中没有可导入的数据。", "The file holds no figures to import.")
    names = "、".join(f["name"] for f in result.files)[:255]
    sha = result.files[0]["sha256"] if len(result.files) == 1 else hashlib.sha256(
        "".join(f["sha256"] for f in result.files).encode()).hexdigest()
    content = content_hash(result.obs)
    dup = _identical_revision(conn, content) if content else None
    if dup is not None:
        state_zh = store.REVISION_STATUS_ZH.get(dup.status, dup.status)
        raise UserError(f"与批次 {dup.id}（{state_zh}）内容相同（文件「{_file_label(dup, 'zh', file_label)}」），未重复提交。"
                        "如需更正，请修改数据后再提交。",
                        f"Same content as batch {dup.id} ({dup.status}, file “{_file_label(dup, 'en', file_label)}”); "
                        "not submitted again.",
                        status=409, detail={"duplicate_of": dup.id})
    rev = store.create_revision(conn, conform(result.obs, OBS_COLUMNS), created_by=user, kind="import",
                                file_name=names, sha256=sha, report=result.report(), note=note)
    conn.execute(update(t.revisions).where(t.revisions.c.id == rev).values(content_sha256=content))
    batches.after_stage(conn, rev, result.obs, result.files, result.originals, resubmits)
    if submit:
        store.submit(conn, rev, user)
        notify.on_submitted(conn, rev, user)
    _log("import.stage", revision=rev, user=user, rows=len(result.obs), submitted=submit, files=names)
    return rev


def publish_revision(conn: Connection, rev_id: int, user: str, comment: str | None = None) -> int:
    """Publish a submitted revision. Maker–checker (store.publish): not by who created or submitted it."""
    from data.workflow import notify

    version = store.publish(conn, rev_id, user, comment)
    notify.on_reviewed(conn, rev_id, "published", user, comment)
    return version


def reject_revision(conn: Connection, rev_id: int, user: str, comment: str) -> None:
    if not (comment or "").strip():
        raise UserError("退回时请填写退回意见。", "Please give a reason for rejecting.")
    from data.workflow import notify

    store.reject(conn, rev_id, user, comment.strip())
    notify.on_reviewed(conn, rev_id, "rejected", user, comment)


def rollback_revision(conn: Connection, rev_id: int, user: str, comment: str | None = None) -> int:
    """Roll a published revision back (store.rollback, which requires the reason) and tell its submitter who rolled
    it back, when and why (the page and the API both come here)."""
    from data.workflow import notify

    version = store.rollback(conn, rev_id, user, comment)
    notify.on_rolled_back(conn, rev_id)
    return version


def cancel_revision(conn: Connection, rev_id: int, user: str, comment: str | None = None) -> None:
    """The submitter withdraws a pending batch (store.cancel: 已作废); the approvers hear of it."""
    from data.workflow import notify

    store.cancel(conn, rev_id, user, (comment or "").strip() or None)
    notify.on_cancelled(conn, rev_id)


def revision_diff(conn: Connection, rev_id: int) -> dict:
    """A revision's figures against what is published now (for the review page)."""
    obs = store.revision_observations(conn, rev_id)
    inds = list(pd.unique(obs["indicator"])) or ["__none__"]
    published = store.published_observations(conn, indicators=inds)
    published = published[published["revision_id"] != rev_id]
    return diff(obs, published)


def revision_report(rev: dict) -> dict:
    try:
        return json.loads(rev.get("report") or "{}")
    except ValueError:
        return {}
