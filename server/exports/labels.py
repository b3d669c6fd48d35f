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


def set_period_name(period: str, figures: list[tuple[str, bool]], lang: str = "zh") -> str:
    """The one period label of an export holding several indicators' figures (deck and brief titles, file
    names): `figures` are (indicator code, is_ytd) pairs. Any 累计 figure: "2026年1—3季度"; only stocks'
    period-end figures: "2026年三季度末"; else a single quarter "2026年第3季度"; a year "2025年"."""
    from data.catalogue import load_indicators

    is_ytd = any(ytd for _, ytd in figures)
    cumulative = load_indicators().set_index("code")["cumulative"].astype(bool)
    stock = bool(figures) and not is_ytd and all(not cumulative.get(code, True) for code, _ in figures)
    return period_text(period, lang, is_ytd=is_ytd and len(str(period)) > 4, stock=stock)
