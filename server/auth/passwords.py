"""Password hashing (werkzeug scrypt), generation and the minimum rules."""
from __future__ import annotations

import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from data.errors import UserError

MIN_LENGTH = 10
# A fixed hash checked when the user does not exist, so timing does not reveal which names exist.
_DUMMY = generate_password_hash(secrets.token_hex(16), method="scrypt")


def hash_password(password: str) -> str:
    """The scrypt hash of `password` (werkzeug format, salted)."""
    return generate_password_hash(password, method="scrypt")


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches `stored_hash`; with no hash a dummy check still runs, so that
    a missing user costs the same time as a wrong password.
    """
    if not stored_hash:
        check_password_hash(_DUMMY, password)
        return False
    return check_password_hash(stored_hash, password)


def generate_password() -> str:
    """A random 16-character password without look-alike characters (no 0/O, 1/l/I)."""
    # No look-alike characters: the password is read off a screen and typed.
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def check_new_password(password: str, username: str = "") -> None:
    """Refuse a password shorter than MIN_LENGTH or equal to the user name (any case).

    Raises UserError (400, zh/en).
    """
    if len(password or "") < MIN_LENGTH:
        raise UserError(f"密码至少需要 {MIN_LENGTH} 个字符", f"Passwords need at least {MIN_LENGTH} characters")
    if username and password.lower() == username.lower():
        raise UserError("密码不能与用户名相同", "The password must differ from the user name")
