"""Language of the server-rendered pages (/login, /account…): `?lang=en` as on the dashboard, texts from
the one catalogue texts/i18n.py. Forms post to `with_lang(path)`, so an error page stays in English."""
from __future__ import annotations
from typing import TYPE_CHECKING

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import request

from texts.i18n import lang_of, role_name, t

if TYPE_CHECKING:
    from flask import Flask


def page_lang() -> str:
    """The language of the current request (?lang= in the query or form), zh unless en."""
    return lang_of(request.values.get("lang"))


def tr(key: str, **kwargs) -> str:
    """The catalogue text `key` in the current request's language (Jinja global)."""
    return t(key, page_lang(), **kwargs)


def with_lang(url: str, lang: str | None = None) -> str:
    """`url` with ?lang=en added when the page is in English (or `lang` says so); zh is the default, no parameter."""
    lang = lang_of(lang or page_lang())
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    if lang == "en":
        query.append(("lang", "en"))
    return urlunsplit(parts._replace(query=urlencode(query)))


def switch_url() -> str:
    """This page in the other language (the 中文/English link), keeping its other parameters (next=…)."""
    return with_lang(request.full_path.rstrip("?"), "zh" if page_lang() == "en" else "en")


def init_app(server: Flask) -> None:
    """Give the auth templates their globals: tr, page_lang, with_lang, switch_url, role_name."""
    server.jinja_env.globals.update(tr=tr, page_lang=page_lang, with_lang=with_lang, switch_url=switch_url,
                                    role_name=role_name)
