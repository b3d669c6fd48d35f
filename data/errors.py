"""The one error type shown to users. Its message is bilingual and never a traceback."""
from __future__ import annotations


class UserError(Exception):
    def __init__(self, message_zh: str, message_en: str | None = None, *, status: int = 400,
                 detail: object | None = None):
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.message_en = message_en or message_zh
        self.status = status
        self.detail = detail

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def to_dict(self, lang: str = "zh") -> dict:
        """The one JSON error shape: error (in `lang`), message_zh, message_en, status (HTTP), detail if any."""
        out = {"error": self.message(lang), "message_zh": self.message_zh, "message_en": self.message_en,
               "status": self.status}
        if self.detail is not None:
            out["detail"] = self.detail
        return out
