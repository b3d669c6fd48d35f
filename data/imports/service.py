"""The import service used by the upload page, the review page, the CLI and the HTTP API.

analyse(): files -> report (every problem at once) + preview; writes nothing.
stage(): the analysed figures become a draft revision (only when there are no errors), optionally submitted.
publish_revision(): maker–checker (in data.store) — the approver must not be who created or submitted it.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.engine import Connection

from data import schema as t
from data import store
from data.errors import UserError
from data.frames import OBS_COLUMNS, conform
from data.imports import mappings
from data.imports import problems as P
from data.imports import validate
from data.imports.build import build
from data.imports.layouts import detect
from data.imports.match import Matcher, layout_signature, norm
from data.imports.preview import diff, to_json
from data.imports.read import MAX_ROWS, read_file
from data.imports.sniff import sniff
from data.imports.staging import load_upload, prune_uploads, save_upload  # noqa: F401 - the pages' entry points

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
                **self.preview.get("counts", {})}

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


def analyse(conn: Connection, files: list[tuple[str, bytes]], *, home_region: str = "130534",
            max_bytes: int | None = None, max_rows: int = MAX_ROWS) -> ImportResult:
    """Read, match, clean, validate and preview. Nothing is written."""
    t0 = time.perf_counter()
    remembered, remembered_meta = mappings.load(conn)
    all_obs, all_probs, infos, unmatched = [], [], [], []
    base_matcher = Matcher.build(home_region)
    timings = {}
    for name, data in files:
        info = {"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "sheets": []}
        infos.append(info)
        try:
            kind = sniff(data, name, max_bytes=max_bytes)
            sheets = read_file(data, kind, name, max_rows=max_rows)
        except UserError as exc:
            all_probs.append(pd.DataFrame([P.one("bad_file", file=name, message_zh=exc.message_zh,
                                                 message_en=exc.message_en, fix_zh="", fix_en="")]))
            continue
        timings["read_s"] = timings.get("read_s", 0) + time.perf_counter() - t0
        for sh in sheets:
            if sh.hidden or sh.name in HELPER_SHEETS:
                continue
            matcher = Matcher(base_matcher.regions, base_matcher.indicators, {}, base_matcher.scope_city,
                              base_matcher.home_city)
            matcher._index()
            layout = detect(sh, matcher, name)
            if layout is None:
                if sh.grid.map(lambda v: v not in (None, "")).to_numpy().sum() > 3 if not sh.grid.empty else False:
                    all_probs.append(pd.DataFrame([P.one("unknown_layout", file=name, sheet=sh.name, cell="A1")]))
                continue
            sig = layout_signature(layout.kind, layout.header_labels)
            info["sheets"].append({"sheet": sh.name, "layout": layout.kind, "signature": sig,
                                   "period": layout.period.label if layout.period else None})
            matcher.remembered = dict(remembered.get(sig, {}))
            matcher.remembered_meta = {(k, lab): meta for (lay, k, lab), meta in remembered_meta.items() if lay == sig}
            if matcher.remembered:  # re-detect so remembered column labels take part in matching
                layout = detect(sh, matcher, name)
            obs, probs = build(layout, matcher, name, sh.formula_blanks)
            all_probs += [p.assign(file=name) for p in probs if len(p)]
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
    if len(obs):
        obs["cell"] = P.cell_refs(obs["row"].to_numpy(), obs["col"].to_numpy())
    inds = list(pd.unique(obs["indicator"])) if len(obs) else []
    published = store.published_observations(conn, indicators=inds) if inds else \
        store.published_observations(conn, indicators=["__none__"])
    obs, probs = validate.check(obs, published, base_matcher.indicators, base_matcher.regions)
    all_probs += [p for p in probs if len(p)]
    timings["validate_s"] = time.perf_counter() - t0 - timings["parse_s"]
    problems = pd.concat(all_probs, ignore_index=True) if all_probs else pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    problems = problems[P.PROBLEM_COLUMNS].astype(object)
    problems = problems.sort_values(["severity", "file", "sheet"], kind="stable").reset_index(drop=True)
    preview = diff(obs, published) if len(obs) else {"counts": {"added": 0, "changed": 0, "unchanged": 0,
                                                                 "untouched": int(len(published))},
                                                      "added": pd.DataFrame(), "changed": pd.DataFrame()}
    timings["total_s"] = time.perf_counter() - t0
    result = ImportResult(infos, obs.reset_index(drop=True), problems, preview, unmatched, timings)
    _log("import.analyse", files=[f["name"] for f in infos], rows=len(result.obs), errors=len(result.errors),
         warnings=len(result.warnings), duration_ms=round(timings["total_s"] * 1000, 1))
    return result


def _log(kind: str, **fields) -> None:
    from server.ops.logs import event

    event(kind, **fields)


def stage(conn: Connection, result: ImportResult, user: str, *, submit: bool = False, note: str | None = None
          ) -> int:
    """Write the analysed figures as a draft revision (and submit it). Refuses when there are errors."""
    if not result.errors.empty:
        raise UserError(f"校验发现 {len(result.errors)} 个错误，请修正后再提交。",
                        f"{len(result.errors)} errors must be fixed before submitting.")
    if result.obs.empty:
        raise UserError("文件中没有可导入的数据。", "The file holds no figures to import.")
    names = "、".join(f["name"] for f in result.files)[:255]
    sha = result.files[0]["sha256"] if len(result.files) == 1 else hashlib.sha256(
        "".join(f["sha256"] for f in result.files).encode()).hexdigest()
    rev = store.create_revision(conn, conform(result.obs, OBS_COLUMNS), created_by=user, kind="import",
                                file_name=names, sha256=sha, report=result.report(), note=note)
    if submit:
        store.submit(conn, rev, user)
    _log("import.stage", revision=rev, user=user, rows=len(result.obs), submitted=submit, files=names)
    return rev


def publish_revision(conn: Connection, rev_id: int, user: str, comment: str | None = None) -> int:
    """Publish a submitted revision. Maker–checker (store.publish): not by who created or submitted it."""
    return store.publish(conn, rev_id, user, comment)


def reject_revision(conn: Connection, rev_id: int, user: str, comment: str) -> None:
    if not (comment or "").strip():
        raise UserError("退回时请填写退回意见。", "Please give a reason for rejecting.")
    store.reject(conn, rev_id, user, comment.strip())


def rollback_revision(conn: Connection, rev_id: int, user: str, comment: str | None = None) -> int:
    return store.rollback(conn, rev_id, user, comment)


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
