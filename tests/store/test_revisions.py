"""Revisions: publishing supersedes without deleting; "as of" answers what leaders saw; rollback restores."""
import time
from datetime import datetime, timezone

import pandas as pd
import pytest
from sqlalchemy import func, select, text

from data import schema, store
from data.errors import UserError


def obs(rows):
    return pd.DataFrame(rows, columns=["indicator", "region", "period", "period_kind", "is_ytd", "value", "status"])


def publish_rows(engine, rows, user="staff", approver="boss"):
    with engine.begin() as conn:
        rev = store.create_revision(conn, obs(rows), created_by=user, file_name="q.xlsx", sha256="0" * 64)
        store.submit(conn, rev, user)
        store.publish(conn, rev, approver)
    return rev


def values(engine, as_of=None):
    with engine.connect() as conn:
        df = store.published_observations(conn, as_of=as_of)
    return {(r.indicator, r.region, r.period): r.value for r in df.itertuples()}


def test_new_revision_supersedes_and_as_of_returns_earlier_figures(migrated):
    publish_rows(migrated, [("RD_EXP", "130534", "2023", "Y", False, 15000.0, "preliminary"),
                            ("HNTE", "130534", "2023", "Y", False, 69.0, "final")])
    time.sleep(0.01)
    meeting = datetime.now(timezone.utc)
    time.sleep(0.01)
    publish_rows(migrated, [("RD_EXP", "130534", "2023", "Y", False, 15400.0, "final")])

    assert values(migrated) == {("RD_EXP", "130534", "2023"): 15400.0, ("HNTE", "130534", "2023"): 69.0}
    assert values(migrated, as_of=meeting) == {("RD_EXP", "130534", "2023"): 15000.0,
                                               ("HNTE", "130534", "2023"): 69.0}
    with migrated.connect() as conn:  # nothing was overwritten
        assert conn.execute(select(func.count()).select_from(schema.observations)).scalar() == 3


def test_rollback_restores_previous_published_figures_and_keeps_history(migrated):
    publish_rows(migrated, [("RD_EXP", "130534", "2023", "Y", False, 15000.0, "final")])
    second = publish_rows(migrated, [("RD_EXP", "130534", "2023", "Y", False, 99999.0, "final"),
                                     ("TSME", "130534", "2023", "Y", False, 101.0, "final")])
    time.sleep(0.01)
    before_rollback = datetime.now(timezone.utc)
    with migrated.begin() as conn:
        store.rollback(conn, second, "boss", "单位错误")
    assert values(migrated) == {("RD_EXP", "130534", "2023"): 15000.0}
    # What was shown before the rollback is still answerable.
    assert values(migrated, as_of=before_rollback)[("RD_EXP", "130534", "2023")] == 99999.0
    with migrated.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.observations)).scalar() == 3
        actions = [r.action for r in conn.execute(select(schema.audit_log.c.action))]
    assert actions.count("revision.publish") == 2 and "revision.rollback" in actions


def test_drafts_and_submissions_are_not_visible_until_published(migrated):
    with migrated.begin() as conn:
        rev = store.create_revision(conn, obs([("HNTE", "130534", "2023", "Y", False, 69.0, "final")]),
                                    created_by="staff")
        store.submit(conn, rev, "staff")
    assert values(migrated) == {}


def test_invalid_transitions_raise_user_errors(migrated):
    with migrated.begin() as conn:
        rev = store.create_revision(conn, obs([("HNTE", "130534", "2023", "Y", False, 69.0, "final")]),
                                    created_by="staff")
    with pytest.raises(UserError, match="不能发布"), migrated.begin() as conn:
        store.publish(conn, rev, "boss")  # a draft must be submitted first
    with pytest.raises(UserError), migrated.begin() as conn:
        store.rollback(conn, rev, "boss", "测试撤回")


def test_observations_and_audit_log_are_append_only(migrated):
    publish_rows(migrated, [("HNTE", "130534", "2023", "Y", False, 69.0, "final")])
    for sql in ("UPDATE observations SET value = 1", "DELETE FROM observations",
                "UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), migrated.begin() as conn:
            conn.execute(text(sql))


def test_duplicate_keys_in_one_revision_are_refused(migrated):
    rows = [("HNTE", "130534", "2023", "Y", False, 69.0, "final"), ("HNTE", "130534", "2023", "Y", False, 70.0, "final")]
    with pytest.raises(UserError, match="重复"), migrated.begin() as conn:
        store.create_revision(conn, obs(rows), created_by="staff")


def test_targets_keep_history_latest_counts(migrated):
    with migrated.begin() as conn:
        store.set_target(conn, "RD_EXP", "130534", 2026, 20000, "admin")
        store.set_target(conn, "RD_EXP", "130534", 2026, 21000, "admin")
    with migrated.connect() as conn:
        tg = store.current_targets(conn)
        assert tg[["indicator", "region", "year", "value"]].to_dict("records") == [
            {"indicator": "RD_EXP", "region": "130534", "year": 2026, "value": 21000.0}]
        assert conn.execute(select(func.count()).select_from(schema.targets)).scalar() == 2


def test_as_of_in_beijing_time_is_compared_as_the_same_instant(migrated):
    """A publish at 21:18 UTC is 05:18 the next morning in Beijing: as of 05:00 Beijing it is not yet visible."""
    from datetime import timedelta

    publish_rows(migrated, [("HNTE", "130534", "2023", "Y", False, 69.0, "final")])
    with migrated.connect() as conn:
        published_at = store.get_revision(conn, 1)["published_at"]
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=timezone.utc)
    beijing = timezone(timedelta(hours=8))
    just_before = (published_at - timedelta(seconds=1)).astimezone(beijing)
    just_after = (published_at + timedelta(seconds=1)).astimezone(beijing)
    assert values(migrated, as_of=just_before) == {}
    assert values(migrated, as_of=just_after) == {("HNTE", "130534", "2023"): 69.0}


def test_published_observations_narrowed_to_periods(migrated):
    """`periods` narrows the keys read; the newest publish still wins within them."""
    cols = ["indicator", "region", "period", "period_kind", "is_ytd", "value", "status"]
    first = pd.DataFrame([["HNTE", "130534", "2025", "Y", False, 60.0, "final"],
                          ["HNTE", "130534", "2024", "Y", False, 50.0, "final"]], columns=cols)
    second = pd.DataFrame([["HNTE", "130534", "2025", "Y", False, 61.0, "revised"]], columns=cols)
    with migrated.begin() as conn:
        for frame in (first, second):
            rev = store.create_revision(conn, frame, created_by="staff")
            store.submit(conn, rev, "staff")
            store.publish(conn, rev, "boss")
        got = store.published_observations(conn, periods=["2025"])
        both = store.published_observations(conn, periods=["2025", "2024"], indicators=["HNTE"])
    assert list(zip(got["period"], got["value"], got["status"])) == [("2025", 61.0, "revised")]
    assert sorted(zip(both["period"], both["value"])) == [("2024", 50.0), ("2025", 61.0)]
