"""Settings from environment variables (documented in the README)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8050
    instance_path: Path = ROOT / "instance"
    database_url: str = ""
    home_region: str = "130534"
    group_city: str = ""  # empty: the home region's parent city
    public_view: bool = False
    redis_url: str = ""
    demo: bool = True
    secret_key: str = ""
    max_upload_mb: int = 20
    https: bool = False
    proxies: int = 0  # reverse proxies in front (nginx: 1) whose X-Forwarded-For/-Proto to trust
    smtp_url: str = ""  # smtp://[user:pass@]host[:port]: notifications are also e-mailed
    smtp_from: str = ""  # sender address of those e-mails (default county-dashboard@<host>)
    extra: dict = field(default_factory=dict)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.instance_path / 'dashboard.sqlite'}"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


def _bool(v: str | None, default: bool) -> bool:
    if v is None or v == "":
        return default
    return v.strip().lower() in ("1", "true", "yes", "on")


def from_env(env: dict | None = None, **overrides) -> Settings:
    env = os.environ if env is None else env
    values = dict(
        host=env.get("HOST", "127.0.0.1"),
        port=int(env.get("PORT", "8050")),
        instance_path=Path(env.get("INSTANCE_PATH") or ROOT / "instance").resolve(),
        database_url=normalise_db_url(env.get("DATABASE_URL", "")),
        home_region=env.get("HOME_REGION", "130534"),
        group_city=env.get("GROUP_CITY", ""),
        public_view=_bool(env.get("PUBLIC_VIEW"), False),
        redis_url=env.get("REDIS_URL", ""),
        demo=_bool(env.get("DEMO_DATA"), True),
        secret_key=env.get("SECRET_KEY", ""),
        max_upload_mb=int(env.get("MAX_UPLOAD_MB", "20")),
        https=_bool(env.get("HTTPS"), False),
        proxies=int(env.get("TRUSTED_PROXIES", "0")),
        smtp_url=env.get("SMTP_URL", ""),
        smtp_from=env.get("SMTP_FROM", ""),
    )
    values.update(overrides)
    return Settings(**values)


def normalise_db_url(url: str) -> str:
    """postgresql:// and postgres:// mean psycopg 3 here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


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
