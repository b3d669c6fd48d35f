"""Accounts and tokens in the store (SQLite and PostgreSQL): hashing, roles, keeping an admin, audit rows."""
import pytest
from sqlalchemy import select

from data import schema, store
from data.errors import UserError
from server.auth import throttle, tokens, users
from server.auth.passwords import verify_password
from server.auth.roles import parse_roles


def actions(engine):
    a = schema.audit_log.c
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(a.username, a.action, a.target).order_by(a.id))]


def test_passwords_are_hashed_with_scrypt(migrated):
    with migrated.begin() as conn:
        users.create(conn, "li", "a-long-password", ["viewer"], actor="admin")
        stored = users.password_hash_of(conn, "li")
    assert stored.startswith("scrypt:") and "a-long-password" not in stored
    assert verify_password(stored, "a-long-password") and not verify_password(stored, "a-long-passwordX")
    assert not verify_password(None, "anything")


def test_roles_are_validated(migrated):
    assert parse_roles(["viewer", "uploader,approver", "viewer"]) == ["viewer", "uploader", "approver"]
    with pytest.raises(UserError):
        parse_roles("viewer,root")
    with migrated.begin() as conn:
        users.create(conn, "admin", "a-long-password", "admin", actor="system")
        user = users.create(conn, "li", "another-password", "uploader,approver", actor="admin")
        assert user.roles == ("uploader", "approver") and user.must_change_password
        with pytest.raises(UserError):
            users.create(conn, "li", "another-password", "viewer", actor="admin")
        with pytest.raises(UserError):
            users.create(conn, "bad name!", "another-password", "viewer", actor="admin")
        with pytest.raises(UserError):
            users.create(conn, "zhao", "short", "viewer", actor="admin")


def test_the_last_admin_cannot_be_removed(migrated):
    with migrated.begin() as conn:
        users.create(conn, "admin", "a-long-password", "admin", actor="system")
    with pytest.raises(UserError), migrated.begin() as conn:
        users.set_roles(conn, "admin", "viewer", actor="admin")
    with pytest.raises(UserError), migrated.begin() as conn:
        users.set_active(conn, "admin", False, actor="admin")
    with migrated.begin() as conn:
        users.create(conn, "admin2", "a-long-password", "admin", actor="admin")
        users.set_roles(conn, "admin", "viewer", actor="admin2")


def test_user_changes_write_audit_rows(migrated):
    with migrated.begin() as conn:
        users.create(conn, "admin", "a-long-password", "admin", actor="system")
        users.create(conn, "li", "a-long-password", "viewer", actor="admin", ip="10.1.1.1")
        users.set_roles(conn, "li", ["viewer", "uploader"], actor="admin")
        users.set_password(conn, "li", "reset-password-1", actor="admin", must_change_password=True)
        users.set_password(conn, "li", "changed-password", actor="li", must_change_password=False)
        users.set_active(conn, "li", False, actor="admin")
        users.set_active(conn, "li", True, actor="admin")
    assert actions(migrated)[-6:] == [
        ("admin", "user.create", "user:li"), ("admin", "user.roles", "user:li"),
        ("admin", "user.password_reset", "user:li"), ("li", "password.change", "user:li"),
        ("admin", "user.disable", "user:li"), ("admin", "user.enable", "user:li")]


def test_store_actions_write_audit_rows(migrated):
    """Uploads, approvals, rejections, rollbacks and targets land in the log the admin page shows."""
    import pandas as pd

    frame = pd.DataFrame([{"indicator": "GDP", "region": "130534", "period": "2024", "period_kind": "Y",
                           "is_ytd": False, "value": 1.0, "status": "final"}])
    with migrated.begin() as conn:
        rev = store.create_revision(conn, frame, created_by="staff")
        store.submit(conn, rev, "staff")
        store.publish(conn, rev, "boss")
        store.rollback(conn, rev, "boss", "测试撤回")
        rev2 = store.create_revision(conn, frame, created_by="staff")
        store.reject(conn, rev2, "boss", "wrong file")
        store.set_target(conn, "GDP", "130534", 2025, 2.0, "admin")
    assert [a[:2] for a in actions(migrated)] == [
        ("staff", "revision.create"), ("staff", "revision.submit"), ("boss", "revision.publish"),
        ("boss", "revision.rollback"), ("staff", "revision.create"), ("boss", "revision.reject"),
        ("admin", "target.set")]


def test_audit_log_is_append_only(migrated):
    from sqlalchemy import delete, update

    with migrated.begin() as conn:
        store.audit(conn, "li", "login.success", "user:li")
    for stmt in (update(schema.audit_log).values(action="x"), delete(schema.audit_log)):
        with pytest.raises(Exception), migrated.begin() as conn:
            conn.execute(stmt)
    assert len(actions(migrated)) == 1


def test_tokens_are_stored_hashed_and_can_be_revoked(migrated):
    with migrated.begin() as conn:
        users.create(conn, "li", "a-long-password", "viewer", actor="admin")
        token_id, token = tokens.create(conn, "li", "script", actor="li")
        stored = conn.execute(select(schema.api_tokens.c.token_hash)).scalar()
    assert token.startswith("cst_") and len(token) > 40 and token not in stored and len(stored) == 64
    with migrated.begin() as conn:
        assert tokens.user_from_token(conn, token).username == "li"
        assert tokens.user_from_token(conn, token + "x") is None
        assert tokens.user_from_token(conn, "") is None
        with pytest.raises(UserError):
            tokens.revoke(conn, token_id, actor="zhao", owner="zhao")  # not zhao's token
    with migrated.begin() as conn:
        tokens.revoke(conn, token_id, actor="li", owner="li")
    with migrated.begin() as conn:
        assert tokens.user_from_token(conn, token) is None
        listed = tokens.list_tokens(conn, "li")
    assert listed[0]["revoked_at"] is not None and "token_hash" not in listed[0]
    assert [a[1] for a in actions(migrated)][-2:] == ["token.create", "token.revoke"]


def test_tokens_of_disabled_users_stop_working(migrated):
    with migrated.begin() as conn:
        users.create(conn, "admin", "a-long-password", "admin", actor="system")
        users.create(conn, "li", "a-long-password", "viewer", actor="admin")
        _, token = tokens.create(conn, "li", "script", actor="li")
        users.set_active(conn, "li", False, actor="admin")
        assert tokens.user_from_token(conn, token) is None


def test_throttle_counts_failures_per_user_and_ip(migrated):
    with migrated.begin() as conn:
        for _ in range(5):
            throttle.record(conn, "li", "10.0.0.1", False)
        assert throttle.is_locked(conn, "li", "10.0.0.1")
        assert not throttle.is_locked(conn, "li", "10.0.0.2")
        assert not throttle.is_locked(conn, "zhao", "10.0.0.1")
