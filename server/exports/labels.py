"""Export wording: the "export." keys of the one catalogue (texts/i18n.py), and the demo label."""
from __future__ import annotations

from texts.i18n import t


def label(key: str, lang: str = "zh", **kwargs) -> str:
    return t("export." + key, lang, **kwargs)


def demo_label(lang: str = "zh") -> str:
    return t("app.demo_badge", lang)


def demo_notice(lang: str = "zh") -> str:
    return t("app.demo_notice", lang)
