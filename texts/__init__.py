"""User-facing texts: the one zh/en message catalogue (texts.i18n), importable by server/ and layouts/ alike."""
