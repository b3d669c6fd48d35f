"""Settings from environment variables: one table, `SETTINGS`, drives everything about them.

Each row is a `Setting` (environment variable, `Settings` field, default, parser, README default text, help).
The `Settings` dataclass, `from_env()`, the README's settings table (`settings_table()`; tests/test_settings.py
checks the README agrees) and the list under `python app.py --help` (`settings_help()`) are all made from it.
To add a setting, add one row; read it as `settings().<field>` (server.context).
"""
from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from data.catalogue import DEFAULT_HOME_REGION
from data.errors import UserError

ROOT = Path(__file__).resolve().parent.parent


def parse_bool(text: str) -> bool:
    """``1/true/yes/on`` → True, ``0/false/no/off`` → False (any case); ValueError for anything else."""
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(text)


def parse_count(text: str) -> int:
    """A whole number ≥ 0."""
    value = int(text.strip())
    if value < 0:
        raise ValueError(text)
    return value


def parse_path(text: str) -> Path:
    """A folder, made absolute."""
    return Path(text).expanduser().resolve()


def normalise_db_url(url: str) -> str:
    """postgresql:// and postgres:// mean psycopg 3 here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


_KINDS = {parse_bool: ("是 1 或 0", "1 or 0"), parse_count: ("不小于 0 的整数", "a whole number ≥ 0")}


@dataclass(frozen=True)
class Setting:
    """One environment variable: `env` name, `Settings` field `name`, typed `default` (used when the variable
    is unset or empty), `parse` (text → value; ValueError when the text is not one), the README's `shown`
    default (markdown; the default's own text when empty) and `help` (English, one line)."""

    env: str
    name: str
    default: object
    parse: Callable[[str], object]
    help: str
    shown: str = ""

    def default_text(self) -> str:
        """The default as the README's settings table shows it: `shown`, or the default in backticks."""
        return self.shown or f"`{self.default}`"


SETTINGS: tuple[Setting, ...] = (
    Setting("HOST", "host", "127.0.0.1", str, "address to listen on"),
    Setting("PORT", "port", 8050, parse_count, "port to listen on"),
    Setting("INSTANCE_PATH", "instance_path", ROOT / "instance", parse_path,
            "folder holding the SQLite file (`dashboard.sqlite`), the generated `secret_key` (mode 0600) and caches",
            "`./instance`"),
    Setting("DATABASE_URL", "database_url", "", normalise_db_url,
            "`postgresql://user:pass@host/db` switches to PostgreSQL (psycopg 3)", "SQLite file in `INSTANCE_PATH`"),
    Setting("HOME_REGION", "home_region", DEFAULT_HOME_REGION, str, "the home county, by GB/T 2260 code",
            f"`{DEFAULT_HOME_REGION}` (清河县)"),
    Setting("GROUP_CITY", "group_city", "", str,
            "the comparison group: this city's county-level units (development zones are left out of rankings)",
            "the home county's city"),
    Setting("DEMO_DATA", "demo", True, parse_bool, "load the demo data into an empty store", "`1`"),
    Setting("SECRET_KEY", "secret_key", "", str, "session signing key", "generated file in `INSTANCE_PATH`"),
    Setting("PUBLIC_VIEW", "public_view", False, parse_bool,
            "`1`: anyone may view without logging in (intranet display screens)", "`0`"),
    Setting("REDIS_URL", "redis_url", "", str,
            "shared cache across workers; the filesystem under `INSTANCE_PATH` otherwise", "empty"),
    Setting("MAX_UPLOAD_MB", "max_upload_mb", 20, parse_count, "largest spreadsheet accepted"),
    Setting("HTTPS", "https", False, parse_bool, "`1` behind an HTTPS proxy: session cookies become Secure", "`0`"),
    Setting("TRUSTED_PROXIES", "proxies", 0, parse_count,
            "number of reverse proxies in front (nginx: `1`) whose `X-Forwarded-For`/`-Proto` are trusted, so "
            "login throttling and the audit log see the client's address"),
    Setting("SMTP_URL", "smtp_url", "", str,
            "`smtp://[user:password@]host[:port]` (`?starttls=1`), or `smtps://…`: notifications (submitted, "
            "published, rejected, rolled back, cancelled, overdue) are also e-mailed to accounts with an address "
            "(`python app.py user email NAME ADDRESS`)", "empty"),
    Setting("SMTP_FROM", "smtp_from", "", str, "sender address of those e-mails", "`county-dashboard@<SMTP host>`"),
    Setting("WORKERS", "workers", 2, parse_count, "gunicorn workers of `python app.py serve` (`--workers` wins)"),
    Setting("ACCESS_LOG", "access_log", False, parse_bool,
            "`1`: `serve` writes gunicorn's access log to stdout (the JSON request lines go to stderr anyway)", "`0`"),
    Setting("KEEP_BUILD_MEMORY", "keep_build_memory", True, parse_bool,
            "`1`: a process that builds the analysis snapshot keeps that memory for its next build (a publish is "
            "then built 2-3x faster on a virtual machine; national scale: ~800 MB per worker that has built, "
            "county scale: a few MB); `0`: hands it back after each build", "`1`"),
)


def _settings_class() -> type:
    fields = [(s.name, type(s.default), field(default=s.default)) for s in SETTINGS]
    fields.append(("extra", dict, field(default_factory=dict)))

    def db_url(self: Settings) -> str:
        return self.database_url or f"sqlite:///{self.instance_path / 'dashboard.sqlite'}"

    def is_sqlite(self: Settings) -> bool:
        return self.db_url.startswith("sqlite")

    return dataclasses.make_dataclass("Settings", fields, frozen=True, namespace={
        "__module__": __name__,
        "__doc__": "The app's settings: one field per row of server.settings.SETTINGS, plus `extra` (a dict "
                   "for tests and tools).",
        "db_url": property(db_url, doc="DATABASE_URL, or the SQLite file in INSTANCE_PATH"),
        "is_sqlite": property(is_sqlite, doc="True on the SQLite store")})


Settings = _settings_class()


def from_env(env: Mapping[str, str] | None = None, **overrides) -> Settings:
    """Settings from the environment (`os.environ` unless `env`); `overrides` are field values that win.
    Raises UserError (zh and en) naming the variable when a value cannot be read."""
    env = os.environ if env is None else env
    values = {}
    for s in SETTINGS:
        text = env.get(s.env, "")
        if text == "":
            values[s.name] = s.default
            continue
        try:
            values[s.name] = s.parse(text)
        except ValueError:
            kind_zh, kind_en = _KINDS.get(s.parse, ("不可用", "not usable"))
            raise UserError(f"环境变量 {s.env} 的值「{text}」无法使用：应为{kind_zh}",
                            f"Environment variable {s.env}={text!r} is not usable: expected {kind_en}") from None
    values.update(overrides)
    return Settings(**values)


def settings_table() -> str:
    """The README's settings table (markdown): variable, default, meaning, one row per setting."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    rows += [f"| `{s.env}` | {s.default_text()} | {s.help} |" for s in SETTINGS]
    return "\n".join(rows)


def settings_help() -> str:
    """The settings as plain text for `python app.py --help`."""
    width = max(len(s.env) for s in SETTINGS)
    lines = ["settings (environment variables):"]
    for s in SETTINGS:
        default = s.default_text().replace("`", "")
        lines.append(f"  {s.env:<{width}}  {s.help.replace('`', '')} (default: {default})")
    return "\n".join(lines)


def secret_key(settings: Settings) -> str:
    """SECRET_KEY from the environment, else a generated file in the instance folder (mode 0600)."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.instance_path / "secret_key"
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: several workers may start at once; the first one writes
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    return path.read_text().strip()
