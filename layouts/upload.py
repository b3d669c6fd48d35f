"""数据上传 (/upload, uploader role): drop a file, read the report and the preview, map what the
automatic match missed, submit for review.

The staged file lives on the server (INSTANCE_PATH/uploads/<sha256>): the browser only holds its
hash, and every step re-reads it, so any gunicorn worker can serve the next click. Values are shown
as text (AG Grid without HTML renderers): `<script>` or `=HYPERLINK()` in a cell stays inert.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash
import dash_ag_grid as dag
import dash_mantine_components as dmc
from dash import ALL, Input, Output, State, ctx, dcc, html

from layouts.callbacks import callback
from data.catalogue import load_indicators, load_regions
from data.errors import UserError
from figures.preview import describe
from layouts.components import error_alert, grid_class, grid_locale, reserve_height
from texts.i18n import batch_file_name, lang_of, page_title, t, unit_label, user_error

if TYPE_CHECKING:
    from data.imports.service import ImportResult
    import pandas as pd


def register() -> None:
    """Register the /upload page with Dash pages (title in the URL's language)."""
    dash.register_page("upload", path="/upload", name=t("nav.upload"), title=page_title("nav.upload"), layout=layout)


def layout(lang: str = "zh", **_query):
    """The /upload page (uploader): file upload, the validation report, mappings and submission."""
    from server.auth import UPLOADER, csrf_token, page_guard
    from server.context import settings

    lang = lang_of(lang)
    refusal = page_guard(UPLOADER, lang)
    if refusal is not None:
        return refusal
    return dmc.Stack([
        dmc.Group([
            dmc.Stack([dmc.Title(t("upload.title", lang), order=2), dmc.Text(t("upload.subtitle", lang), c="dimmed", size="sm")], gap=0),
            dmc.Group([html.A(t("nav.form", lang), href="/form", id="upload-form-link"),
                       html.A(t("nav.submissions", lang), href="/submissions", id="upload-mysub-link"),
                       html.A(t("wf.template_mine", lang), href="/download/template/mine.xlsx", id="upload-template-mine"),
                       html.A(t("upload.template_long", lang), href="/download/template/long.xlsx", id="upload-template-long"),
                       html.A(t("upload.template_wide", lang), href="/download/template/wide.xlsx", id="upload-template-wide")]),
        ], justify="space-between", align="flex-end"),
        dcc.Store(id="upload-lang", data=lang),
        dcc.Store(id="upload-staged"),
        # The file travels as a multipart POST to /api/v1/uploads (assets/40_upload.js takes the chosen or
        # dropped file before dcc.Upload would read it as base64): the size limit applies to the file itself.
        # The answer lands in upload-transfer.
        dcc.Store(id="upload-transfer"),
        html.Div(dcc.Upload(id="upload-file", max_size=-1, multiple=False, accept=".xlsx,.xlsm,.xls,.csv",
                            children=html.Div(t("upload.drop", lang)),
                            style={"border": "2px dashed #c92a2a", "borderRadius": "6px", "padding": "32px",
                                   "textAlign": "center", "cursor": "pointer"}),
                 id="upload-zone", **{"data-csrf": csrf_token(), "data-limit": str(settings().max_upload_mb * 1024 * 1024),
                                      "data-sending": t("upload.sending", lang)}),
        dmc.Checkbox(id="upload-include-hidden", checked=False, label=t("upload.include_hidden", lang),
                     description=t("upload.include_hidden_hint", lang)),
        dmc.Text(id="upload-progress", size="sm", c="dimmed"),
        dcc.Loading(html.Div(id="upload-report")),
        # Static, so the callbacks' inputs always exist; shown when there is something to map.
        dmc.Paper([dmc.Text(t("upload.mapping", lang), fw=600, mb="xs"), html.Div(id="upload-map-list"),
                   dmc.Button(t("upload.map_apply", lang), id="upload-map-apply", variant="outline", mt="sm")],
                  withBorder=True, p="md", id="upload-map-box", style={"display": "none"}),
        dmc.Textarea(id="upload-note", label=t("upload.note", lang), autosize=True, minRows=1, w=480),
        dmc.Group([dmc.Button(t("upload.submit", lang), id="upload-submit", disabled=True),
                   dmc.Text(id="upload-submit-hint", c="red", size="sm")]),
        html.Div(id="upload-submit-result"),
    ])


# ---- rendering ------------------------------------------------------------------------------------

def _grid(grid_id: str, columns: list[tuple[str, str]], rows: list[dict], lang: str, height: int = 300):
    return reserve_height(dag.AgGrid(
        id=grid_id, rowData=rows, className=grid_class(lang),
        columnDefs=[{"field": f, "headerName": t(k, lang), "resizable": True, "sortable": True,
                     "filter": True, "wrapText": True, "autoHeight": True, "wrapHeaderText": True,
                     "autoHeaderHeight": True,   # every cell and header wraps, none is cut (as data_grid's)
                     "minWidth": 90, "flex": 2 if f in ("message", "fix") else 1} for f, k in columns],
        dashGridOptions={"enableCellTextSelection": True, **grid_locale(lang)}), height)


PROBLEM_COLS = [("sheet", "imp.col.sheet"), ("cell", "imp.col.cell"), ("row_label", "imp.col.row_label"),
                ("col_label", "imp.col.col_label"), ("value", "imp.col.raw_value"), ("message", "imp.col.problem"),
                ("fix", "imp.col.fix")]
SKIPPED_COLS = [("sheet", "imp.col.sheet"), ("row", "upload.skipped_row"), ("reason", "upload.skipped_reason")]
DIFF_COLS = [("indicator", "col.indicator"), ("region", "imp.col.region"), ("period", "col.period"),
             ("is_ytd", "imp.col.ytd"), ("old", "imp.col.old"), ("new", "imp.col.new"), ("cell", "imp.col.cell")]


def _problem_rows(df: pd.DataFrame, lang: str) -> list[dict]:
    if df is None or len(df) == 0:
        return []
    out = df.head(5000).copy()
    for f in ("message", "fix"):  # English where the rule has it, else the Chinese text
        zh = out[f"{f}_zh"]
        en = out.get(f"{f}_en", zh)
        out[f] = en.where(en.notna() & (en.astype(str).str.strip() != ""), zh) if lang == "en" else zh
    out["sheet"] = (out["file"].astype(str) + " · " + out["sheet"].astype(str)).str.strip(" ·")
    return out[[f for f, _ in PROBLEM_COLS]].astype(str).to_dict("records")


def names_for(lang: str) -> tuple[dict, dict]:
    """Indicator and region names by code in `lang`: the catalogue's name_zh / name_en, the regions' name /
    name_en ("威县" / "Wei County"; the Chinese name where a region has no English one)."""
    inds = load_indicators()
    names = dict(zip(inds["code"], inds["name_en" if lang == "en" else "name_zh"]))
    regs = load_regions()
    zh = regs["name"].astype(str)
    shown = regs["name_en"].where(regs["name_en"].notna() & (regs["name_en"].astype(str).str.strip() != ""), zh) \
        if lang == "en" else zh
    return names, dict(zip(regs["code"].astype(str), shown.astype(str)))


def period_labels(df: pd.DataFrame, lang: str) -> list[str]:
    """The period of each row (columns indicator, period, is_ytd) as officials write it, by the one period label
    (figures.ranking.period_label with the indicator's kind): "2026年1—3季度" for a flow's 累计, "2026年三季度末" for a
    stock, "2026年第3季度" for a single quarter; en "Q1–Q3 2026", "end of Q3 2026", "Jan–Oct 2026". An indicator
    the catalogue does not know is labelled by the row's own 累计 flag (texts.i18n.period_text)."""
    from figures.ranking import period_label
    from texts.i18n import period_text

    cat = load_indicators().set_index("code")
    done: dict[tuple, str] = {}
    out = []
    for code, period, ytd in zip(df["indicator"].astype(str), df["period"].astype(str), df["is_ytd"]):
        key = (code, period, bool(ytd))
        if key not in done:
            done[key] = period_label({"code": code, **cat.loc[code].to_dict()}, period, lang, bool(ytd)) \
                if code in cat.index else period_text(period, lang, bool(ytd) and len(period) > 4)
        out.append(done[key])
    return out


def _diff_rows(df: pd.DataFrame, names: dict, regions: dict, lang: str) -> list[dict]:
    if df is None or len(df) == 0:
        return []
    out = df.head(2000).copy()
    out["period"] = period_labels(out, lang)
    out["indicator"] = out["indicator"].map(lambda c: names.get(c, c))
    out["region"] = out["region"].map(lambda c: regions.get(c, c))
    out["is_ytd"] = out["is_ytd"].map(lambda v: t("yes", lang) if v else "")
    for c in ("old", "new"):
        if c in out:
            out[c] = out[c].map(lambda v: "" if v is None or v != v else f"{v:,.10g}")
    return out.astype(object).where(out.notna(), "").to_dict("records")


def render_report(result: ImportResult, lang: str, file_name: str) -> list:
    """The validation report of `result`: counts, errors, warnings, the changes against published data."""
    c = result.counts()
    names, regions = names_for(lang)
    parts = [dmc.Text(t("upload.file", lang, name=file_name), fw=600, id="upload-file-name"),
             dmc.Group([dmc.Badge(t("upload.counts", lang, **c), color="red" if c["errors"] else "green", size="lg",
                                  id="upload-counts")])]
    if c["errors"]:
        parts += [dmc.Title(t("upload.errors", lang), order=4, c="red"),
                  _grid("upload-errors-grid", PROBLEM_COLS, _problem_rows(result.errors, lang), lang)]
    if c["warnings"]:
        parts += [dmc.Title(t("upload.warnings", lang), order=4, c="orange"),
                  _grid("upload-warnings-grid", PROBLEM_COLS, _problem_rows(result.warnings, lang), lang, 240)]
    if not c["errors"] and not c["warnings"]:
        parts.append(dmc.Alert(t("upload.no_problems", lang), color="green", id="upload-ok"))
    pv = result.preview
    parts += [dmc.Title(t("upload.preview", lang), order=4),
              dmc.Text(describe(pv["counts"], lang), id="upload-preview-counts")]
    cells = pv.get("cells")
    if cells:   # every non-empty cell accounted for (data.imports.accounting)
        parts.append(dmc.Text(t("upload.cells", lang, **{k: cells[k] for k in ("total", "imported", "structure",
                                                                               "refused")}), id="upload-cells"))
    if pv.get("skipped"):
        parts += [dmc.Text(t("upload.skipped", lang), fw=600),
                  _grid("upload-skipped-grid", SKIPPED_COLS,
                        [{"sheet": x["sheet"], "row": x["row"], "reason": x["reason_en" if lang == "en" else "reason_zh"]}
                         for x in pv["skipped"][:2000]], lang, 200)]
    if len(pv.get("changed", [])):
        parts += [dmc.Text(t("upload.changed", lang), fw=600),
                  _grid("upload-changed-grid", DIFF_COLS, _diff_rows(pv["changed"], names, regions, lang), lang, 220)]
    if len(pv.get("added", [])):
        parts += [dmc.Text(t("upload.added", lang), fw=600),
                  _grid("upload-added-grid", DIFF_COLS[:4] + [DIFF_COLS[5], DIFF_COLS[6]],
                        _diff_rows(pv["added"], names, regions, lang), lang, 220)]
    return parts


def mapping_rows(result: ImportResult, lang: str) -> list:
    """The mapping rows for the labels the importer could not match: a select of indicators or regions
    (or 忽略) per unknown label.
    """
    inds = load_indicators()
    ind_opts = [{"value": r.code, "label": t("fmt.paren", lang, name=r.name_en if lang == "en" else r.name_zh,
                                             detail=unit_label(r.unit, lang))}
                for r in inds[inds["formula"].isna()].itertuples()]
    regs = load_regions()
    reg_opts = [{"value": r.code, "label": t("fmt.paren", lang, name=(r.name_en or r.name) if lang == "en" else r.name,
                                             detail=r.code)}
                for r in regs.itertuples() if r.level != "province"]
    from data.imports.mappings import IGNORED

    ignore = [{"value": IGNORED, "label": t("upload.map_ignore", lang)}]  # "ignore this row/column", remembered too
    rows = []
    for u in result.unmatched:
        opts = ignore + (reg_opts if u["kind"] == "region" else ind_opts)
        best = u["suggestions"][0] if u["suggestions"] else None
        rows.append(dmc.Group([
            dmc.Text(t("upload.map_label", lang, sheet=u["sheet"], cells=t("list.sep", lang).join(u["cells"]),
                       label=u["label"]), w=360, size="sm"),
            dmc.Select(id={"type": "upload-map", "kind": u["kind"], "layout": u["layout"], "label": u["label"]},
                       data=opts, value=best, searchable=True, clearable=True, w=360,
                       placeholder=t("imp.col.region" if u["kind"] == "region" else "col.indicator", lang)),
        ]))
    return rows


# ---- callbacks ------------------------------------------------------------------------------------

def _analyse(sha: str, include_hidden: bool = False):
    """The staged file analysed; include_hidden: the page's "also import hidden content" choice."""
    from data.db import reading
    from data.imports import service
    from server.context import engine, settings

    from server.auth import current_username

    s = settings()
    name, data = service.load_upload(s.instance_path, sha)
    with reading(engine()) as conn:  # the uploading account's region scope is part of the report
        return name, service.analyse(conn, [(name, data)], home_region=s.home_region,
                                     max_bytes=s.max_upload_mb * 1024 * 1024, include_hidden=include_hidden,
                                     file_label=batch_file_name, user=current_username())


def _hidden_choice(staged: object) -> bool:
    """The include-hidden choice kept with the staged file (browser data: only a real True counts)."""
    return isinstance(staged, dict) and staged.get("include_hidden") is True


def _error(exc: UserError, lang: str):
    return error_alert(exc, lang, "upload-error", title="⚠")


@callback(Output("upload-report", "children"), Output("upload-staged", "data"), Output("upload-map-list", "children"),
          Output("upload-map-box", "style"), Output("upload-submit", "disabled"), Output("upload-submit-hint", "children"),
          Input("upload-transfer", "data"), Input("upload-map-apply", "n_clicks"),
          Input("upload-include-hidden", "checked"),
          State("upload-staged", "data"), State("upload-lang", "data"),
          State({"type": "upload-map", "kind": ALL, "layout": ALL, "label": ALL}, "value"),
          State({"type": "upload-map", "kind": ALL, "layout": ALL, "label": ALL}, "id"),
          prevent_initial_call=True)
def on_upload(transfer: dict | None, _apply: int | None, include_hidden: bool | None, staged: dict | None,
              lang: str | None, map_values: list, map_ids: list):
    """Callback: analyse an uploaded file, or re-analyse it after saving the chosen mappings or when the
    include-hidden choice changes (the choice is kept with the staged file, so the submit writes what was
    previewed); answers the report, the staged file and the mapping list. Uploader only.
    """
    from server.auth import current_username, require_role

    require_role("uploader")
    lang = lang_of(lang)
    include_hidden = include_hidden is True
    try:
        if ctx.triggered_id == "upload-include-hidden":
            if not isinstance(staged, dict) or not isinstance(staged.get("sha"), str):
                return (dash.no_update,) * 6   # nothing uploaded yet: the choice applies to the next file
            name, result = _analyse(staged["sha"], include_hidden)
            staged = {**staged, "include_hidden": include_hidden}
        elif ctx.triggered_id == "upload-map-apply":
            if not isinstance(staged, dict) or not isinstance(staged.get("sha"), str):
                raise user_error("upload.err_no_file")
            _, before = _analyse(staged["sha"], _hidden_choice(staged))
            _save_mappings(map_values, map_ids, current_username(), before)
            name, result = _analyse(staged["sha"], _hidden_choice(staged))
        else:
            name, result, staged = _received(transfer, include_hidden)
    except UserError as exc:
        return _error(exc, lang), None, [], {"display": "none"}, True, ""
    rows = mapping_rows(result, lang)
    return (render_report(result, lang, name), staged, rows, {"display": "block" if rows else "none"},
            not result.ok, "" if result.ok else t("upload.fix_first", lang))


def _received(transfer: dict | None, include_hidden: bool = False):
    """The answer of POST /api/v1/uploads that assets/40_upload.js put in upload-transfer (the browser's
    data: every field is checked), analysed from the staged file."""
    from server.context import settings

    if not isinstance(transfer, dict):
        raise user_error("upload.err_not_received")
    name = str(transfer.get("name") or "upload")[:255]
    size = transfer.get("bytes") if isinstance(transfer.get("bytes"), (int, float)) else 0
    status = transfer.get("status")
    if status == 413:
        raise user_error("upload.too_big", name=name, size=size / 1024 / 1024, limit=settings().max_upload_mb)
    sha = transfer.get("upload")
    if status != 200 or not isinstance(sha, str):
        zh, en = transfer.get("message_zh"), transfer.get("message_en")
        if isinstance(zh, str) and zh and status in (400, 401, 403):  # the server's own message
            raise UserError(zh[:500], (en if isinstance(en, str) and en else zh)[:500])
        raise user_error("upload.err_incomplete")
    name, result = _analyse(sha, include_hidden)
    return name, result, {"sha": sha, "name": name, "include_hidden": include_hidden}


def _save_mappings(values: list, ids: list, user: str | None, result: ImportResult) -> None:
    """Only labels this upload left unmatched, only catalogue codes, within the account's region scope
    (validated in data/imports/mappings.py; a tampered id or value is refused with a message)."""
    from data.imports import service
    from server.auth.scope import region_scope
    from server.context import engine

    allowed: dict[tuple[str, str], set[str]] = {}
    for u in result.unmatched:
        allowed.setdefault((u["layout"], u["kind"]), set()).add(u["label"])
    grouped: dict[tuple[str, str], dict[str, str]] = {}
    for v, i in zip(values or [], ids or []):
        if v and isinstance(i, dict):
            grouped.setdefault((i.get("layout"), i.get("kind")), {})[i.get("label")] = v
    with engine().begin() as conn:
        for (layout_sig, kind), mapping in grouped.items():
            service.save_mappings(conn, layout_sig, kind, mapping, user,
                                  allowed=allowed.get((layout_sig, kind), set()), scope=region_scope())


@callback(Output("upload-submit-result", "children"), Input("upload-submit", "n_clicks"),
          State("upload-staged", "data"), State("upload-note", "value"), State("upload-lang", "data"),
          prevent_initial_call=True)
def on_submit(n: int | None, staged: dict | None, note: str | None, lang: str | None):
    """Callback: submit the staged file as a revision for review. Uploader only."""
    from data.imports import service
    from server.auth import current_username, require_role
    from server.context import engine

    require_role("uploader")
    lang = lang_of(lang)
    if not n:
        return dash.no_update
    try:
        if not isinstance(staged, dict) or not isinstance(staged.get("sha"), str):
            raise user_error("upload.err_no_file")
        _, result = _analyse(staged["sha"], _hidden_choice(staged))  # re-checked against the store as it is now
        with engine().begin() as conn:
            rev = service.stage(conn, result, current_username(), submit=True, note=(note or "").strip() or None,
                                file_label=batch_file_name)
    except UserError as exc:
        return _error(exc, lang)
    from data.workflow import notify
    from server.context import settings

    notify.send_pending(engine(), settings().smtp_url, settings().smtp_from)
    return dmc.Alert([t("wf.submitted", lang, rev=rev), " ",
                      html.A(t("nav.submissions", lang), href="/submissions" + ("?lang=en" if lang == "en" else ""))],
                     color="green", id="upload-submitted")
