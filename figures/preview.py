"""The import preview in words (data.imports.preview counts the figures; the words belong above data)."""
from __future__ import annotations

from texts.i18n import t


def describe(counts: dict, lang: str = "zh") -> str:
    """The preview counts in words: what the import adds and changes, and how many published figures of
    the same indicators it leaves as they are."""
    return t("upload.preview_words", lang, **{"added": 0, "changed": 0, "unchanged": 0, "untouched": 0,
                                              "indicators": 0, **counts})
