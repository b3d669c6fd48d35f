"""Export wording: the "export." keys of the one catalogue (texts/i18n.py), and the demo label."""
from __future__ import annotations

from texts.i18n import period_text, t


def label(key: str, lang: str = "zh", **kwargs) -> str:
    """The catalogue text ``export.<key>`` in `lang`, formatted with `kwargs`."""
    return t("export." + key, lang, **kwargs)


def demo_label(lang: str = "zh") -> str:
    """The 示例数据 badge text in `lang`."""
    return t("app.demo_badge", lang)


def demo_notice(lang: str = "zh") -> str:
    """The sentence that labels demo figures in exports, in `lang`."""
    return t("app.demo_notice", lang)


def period_name(period: str, lang: str = "zh", is_ytd: bool = False, stock: bool = False) -> str:
    """The period the way officials write it, for titles and file names (texts.i18n.period_text)."""
    return period_text(period, lang, is_ytd=is_ytd, stock=stock)


def file_name(title: str, ext: str, is_demo: bool, lang: str = "zh") -> str:
    """The one file name of every export (chart, deck, brief, tables, data package): `title` and the extension,
    prefixed "示例数据-" / "Demo data-" (the demo badge in the file's language) when the figures are demo data, so a
    file copied out of the system still says what it is (brk3 #15): "示例数据-2026年1—3季度科技指标会议材料.pptx"."""
    return (f"{demo_label(lang)}-" if is_demo else "") + f"{title}.{ext}"
