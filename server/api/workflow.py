"""Reporting-round endpoints (issue 14): provenance of a figure, the round's state, my submissions,
notifications, region scopes, and the download of a batch's original file (approvers).

Every answer comes from data.workflow (the pages read the same functions).
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from data.db import reading
from data.errors import UserError
from server.auth import roles_required
from server.context import engine, settings

bp = Blueprint("api_v1_workflow", __name__)


def _iso(v: object) -> object:
    return v.isoformat() if hasattr(v, "isoformat") else v


@bp.get("/api/v1/provenance")
@roles_required()
def provenance():
    """?indicator=RD_EXP&region=130534&period=2026Q3&ytd=1 -> where the published figure came from."""
    from figures.provenance import provenance as prov

    a = request.args
    ind, reg, per = a.get("indicator", ""), a.get("region", ""), a.get("period", "")
    if not (ind and reg and per):
        raise UserError("请给出 indicator、region 和 period", "Give indicator, region and period")
    ytd = a.get("ytd", "0").lower() in ("1", "true", "yes")
    from data import store
    from figures.batches import describe

    with reading(engine()) as conn:
        out = prov(conn, ind, reg, per, ytd)
        rev = store.get_revision(conn, out["batch"]["id"])
        out["batch"]["words"] = {"zh": describe(conn, rev, "zh"), "en": describe(conn, rev, "en")}
    return jsonify(out)


@bp.get("/api/v1/rounds")
@roles_required()
def rounds_state():
    """?period=2026Q3 (default: the latest quarter that has ended) -> 本期已报 n/N, each unit's state, overdue units."""
    from data.workflow.periods import latest_ended
    from figures.rounds import round_group, round_state
    from indicators.periods import parse_period

    period = request.args.get("period") or latest_ended("Q")
    try:
        parse_period(period)
    except ValueError:
        raise UserError(f"无法识别的期别：{period}（如 2026Q3、2025）", f"Unknown period: {period}") from None
    s = settings()
    with reading(engine()) as conn:
        st = round_state(conn, period, round_group(conn, s.home_region, s.group_city))
    cells = st["cells"].astype(object).where(st["cells"].notna(), None)
    return jsonify(period=period, deadline=st["deadline"].isoformat(), reported=st["reported"],
                   expected=st["expected"], overdue=st["overdue"], indicators=st["indicators"],
                   units=st["unit_states"].to_dict("records"), cells=cells.to_dict("records"))


@bp.get("/api/v1/submissions")
@roles_required()
def my_submissions():
    """The signed-in account's batches: state, approver, times, comment, corrections."""
    from data.workflow import batches
    from figures.batches import describe
    from server.auth import current_username

    with reading(engine()) as conn:
        items = batches.submissions_of(conn, current_username())
        for it in items:
            it["words"] = describe(conn, it)
    keep = ("id", "status", "file_name", "created_at", "submitted_at", "reviewed_by", "reviewed_at",
            "review_comment", "published_at", "row_count", "resubmits", "corrected_by", "words", "note",
            "rolled_back_by", "rolled_back_at", "rollback_comment", "cancelled_by", "cancelled_at", "cancel_comment")
    return jsonify(items=[{k: _iso(it.get(k)) for k in keep} for it in items])


@bp.get("/api/v1/notifications")
@roles_required()
def notifications():
    """GET /api/v1/notifications: the caller's notifications (times ISO 8601) and the unread count."""
    from data.workflow import notify
    from server.auth import current_username

    with reading(engine()) as conn:
        items = notify.list_for(conn, current_username())
        unread = notify.unread_count(conn, current_username())
    return jsonify(unread=unread, items=[{k: _iso(v) for k, v in it.items()} for it in items])


@bp.post("/api/v1/notifications/read")
@roles_required()
def notifications_read():
    """POST /api/v1/notifications/read: mark all the caller's notifications read; answers unread 0."""
    from data.workflow import notify
    from server.auth import current_username

    with engine().begin() as conn:
        notify.mark_read(conn, current_username())
    return jsonify(unread=0)


@bp.put("/api/v1/users/<username>/regions")
@roles_required("admin")
def user_regions(username: str):
    """Body {"regions": ["130534", ...]} binds an uploader account to regions ([] unbinds it)."""
    from data.workflow import scopes
    from server.auth import current_username

    body = request.get_json(silent=True) or {}
    regions = body.get("regions")
    if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
        raise UserError("regions 应为地区代码列表", "regions must be a list of region codes")
    with engine().begin() as conn:
        codes = scopes.set_regions(conn, username, regions, actor=current_username())
    return jsonify(username=username, regions=codes)


@bp.get("/download/batch/<int:rev_id>/file/<sha256>")
@roles_required("approver")
def batch_file(rev_id: int, sha256: str):
    """The original file kept with a batch (approvers only)."""
    from urllib.parse import quote

    from data.workflow import batches

    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise UserError("文件标识无效", "Invalid file reference", status=404)
    with reading(engine()) as conn:
        name, data = batches.file_content(conn, rev_id, sha256)
    ascii_name = "batch-%d-%s" % (rev_id, sha256[:8]) + ("." + name.rsplit(".", 1)[-1] if "." in name else "")
    return Response(data, mimetype="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename={ascii_name}; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


@bp.get("/download/template/mine.xlsx")
@roles_required("uploader")
def my_template():
    """The long template pre-filled for the account's regions (else the home county) and the next expected period."""
    from urllib.parse import quote

    from data.workflow import rounds, scopes
    from data.workflow.periods import latest_ended
    from data.workflow.prefill import prefilled_long
    from figures.rounds import round_group
    from server.auth import current_username

    s = settings()
    with reading(engine()) as conn:
        codes = scopes.regions_of(conn, current_username()) or [s.home_region]
        names = scopes.region_names(conn)
        group = round_group(conn, s.home_region, s.group_city)
        period = latest_ended("Q")
        inds = rounds.expected_indicators(conn, period, rounds.group_members(conn, group))
    data = prefilled_long([(c, names.get(c, c)) for c in codes], period, inds, group or "130500")
    label = f"报送模板（{'、'.join(names.get(c, c) for c in codes[:3])}，{period}）.xlsx"
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", headers={
        "Content-Disposition": f"attachment; filename=template_{period}.xlsx; filename*=UTF-8''{quote(label)}",
        "Cache-Control": "no-store"})
