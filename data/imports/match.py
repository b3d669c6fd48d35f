"""Match spreadsheet labels to catalogue regions and indicators.

Labels are compared after `norm`: NFKC (full-width -> half-width), no spaces, no 其中/#/numbering
prefixes, no unit in brackets. Regions match by code, name, short name or alias, with or without the
县/市/区 suffix; when a name exists in several cities the scope city (the one most other rows match)
wins. Remembered mappings (import_mappings, per layout signature) only place what the catalogue cannot:
a label the catalogue places by itself always gets the catalogue's code (data/imports/mappings.py).
Every remembered mapping used is noted in `used`, so the import report can say where it applied.
"""
from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from data.catalogue import load_indicators, load_regions

TOTAL_LABELS = {"合计", "总计", "全市", "全市合计", "全市总计", "合计数", "全市总数", "总数", "全市范围"}
_PREFIX = re.compile(r"^(?:其中[:：]?|#+|[（(]?[一二三四五六七八九十\d]{1,2}[)）.、．]\s*|[、.．]\s*)+")
_UNIT_IN_BRACKETS = re.compile(r"[（(]\s*(单位[:：]?)?\s*(万元|亿元|千元|元|个|家|项|户|人|所|座|%|百分比|件|人次)\s*[)）]\s*$")
# A sub-column that is the group's own figure: "技术合同登记额" over "合计", or an indicator over "本期".
GROUP_TOTAL_WORDS = {"合计", "小计", "总计", "计", "总额", "合计数", "本期", "本期数", "本年累计", "累计", "本期累计",
                     "数值", "金额", "数量", "本年", "本月", "本季", "本期值", "实际", "完成"}
_SPACE = re.compile(r"[\s\u3000\xa0]+")
_CITY_SUFFIX = re.compile(r"(市|县|区|自治县)$")


def norm(label) -> str:
    """The comparable form of a label."""
    if label is None:
        return ""
    s = unicodedata.normalize("NFKC", str(label))
    s = _SPACE.sub("", s).replace("“", '"').replace("”", '"').replace("：", ":")
    return s


def split_unit(label) -> tuple[str, str | None]:
    """"研究与试验发展(R&D)经费（万元）" -> ("研究与试验发展(R&D)经费", "万元")."""
    s = norm(label)
    m = _UNIT_IN_BRACKETS.search(s)
    if not m:
        return s, None
    return s[:m.start()], m.group(2)


def strip_prefix(s: str) -> str:
    return _PREFIX.sub("", s)


def layout_signature(kind: str, labels) -> str:
    """Stable id of a sheet layout: its kind and normalised header labels."""
    text = kind + "|" + "|".join(norm(x) for x in labels if norm(x))
    return kind + ":" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Matcher:
    regions: pd.DataFrame
    indicators: pd.DataFrame
    remembered: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, norm label) -> code
    scope_city: str | None = None
    home_city: str | None = None
    used: set = field(default_factory=set)  # (kind, norm label) of remembered mappings that placed a label
    remembered_meta: dict = field(default_factory=dict)  # (kind, norm label) -> (created_by, created_at)

    @classmethod
    def build(cls, home_region: str | None = None, remembered: dict | None = None) -> "Matcher":
        regions = load_regions()
        inds = load_indicators()
        home_city = None
        if home_region is not None:
            hit = regions.loc[regions["code"] == home_region, "parent"]
            home_city = hit.iloc[0] if len(hit) else None
        m = cls(regions, inds, dict(remembered or {}), home_city, home_city)
        m._index()
        return m

    def _index(self) -> None:
        self._region_names: dict[str, set[str]] = {}
        for r in self.regions.itertuples():
            names = {r.name, r.short_name, *r.aliases}
            for n in list(names):
                base = _CITY_SUFFIX.sub("", n)
                if len(base) >= 2:
                    names.add(base)
            for n in names:
                self._region_names.setdefault(norm(n), set()).add(r.code)
        self._region_codes = set(self.regions["code"])
        self._region_parent = dict(zip(self.regions["code"], self.regions["parent"]))
        self._ind_names: dict[str, str] = {}
        for r in self.indicators.itertuples():
            for n in (r.code, r.name_zh, r.short_zh, *r.aliases):
                key = strip_prefix(norm(n))
                self._ind_names.setdefault(key, r.code)
                self._ind_names.setdefault(key.lower(), r.code)
        self.units = dict(zip(self.indicators["code"], self.indicators["unit"]))

    # ---- regions --------------------------------------------------------------------------------

    def region_candidates(self, label) -> set[str]:
        if label is None:
            return set()
        if isinstance(label, float) and label.is_integer():
            label = str(int(label))
        s = norm(label)
        if not s:
            return set()
        found = self._catalogue_regions(s)
        if len(found) != 1 and ("region", s) in self.remembered:  # the catalogue cannot place it alone
            self.used.add(("region", s))
            return {self.remembered[("region", s)]}
        return found

    def _catalogue_regions(self, s: str) -> set[str]:
        digits = s[:6] if re.fullmatch(r"\d{6}(\d{6})?", s) else None
        if digits and digits in self._region_codes:
            return {digits}
        if s in TOTAL_LABELS or re.fullmatch(r"(全市|合计|总计)[:：]?(合计|总计)?", s):
            return {"TOTAL"}
        if s in self._region_names:
            return set(self._region_names[s])
        base = _CITY_SUFFIX.sub("", s)
        return set(self._region_names.get(base, set()))

    def catalogue_candidates(self, kind: str, label) -> set[str]:
        """What the catalogue alone makes of `label` (no remembered mappings): a set of codes."""
        if kind == "region":
            if isinstance(label, float) and label.is_integer():
                label = str(int(label))
            s = norm(label)
            return self._catalogue_regions(s) if s else set()
        saved, self.remembered = self.remembered, {}
        try:
            code = self.indicator(label)
        finally:
            self.remembered = saved
        return {code} if code else set()

    def set_scope(self, labels) -> None:
        """Pick the city most unambiguous labels belong to (where a name clashes, that city wins)."""
        counts = Counter()
        for lab in labels:
            c = self.region_candidates(lab)
            if len(c) == 1:
                code = next(iter(c))
                if code == "TOTAL" or code not in self._region_parent:  # a total, or a remembered "ignore"
                    continue
                parent = self._region_parent.get(code)
                counts[code if parent == "130000" else parent] += 1
        if counts:
            self.scope_city = counts.most_common(1)[0][0]

    def region(self, label) -> str | None:
        c = self.region_candidates(label)
        if c == {"TOTAL"}:
            return self.scope_city
        if len(c) == 1:
            return next(iter(c))
        if len(c) > 1 and self.scope_city:
            inside = [x for x in c if self._region_parent.get(x) == self.scope_city or x == self.scope_city]
            if len(inside) == 1:
                return inside[0]
        return None

    def regions_for(self, labels: pd.Series) -> pd.Series:
        """Vectorised over unique labels: label -> region code (None when unmatched)."""
        uniq = pd.unique(labels.astype(object))
        lookup = {lab: self.region(lab) for lab in uniq}
        return labels.astype(object).map(lookup)

    # ---- indicators -----------------------------------------------------------------------------

    def indicator(self, label) -> str | None:
        """One label (maybe with a unit in brackets or a 其中 prefix) -> code or None."""
        if label is None:
            return None
        s = norm(label)
        if not s:
            return None
        base, _unit = split_unit(s)
        keys = (s, base, strip_prefix(base), strip_prefix(base).lower())
        for key in keys:
            if key in self._ind_names:
                return self._ind_names[key]
        for key in keys:  # only what the catalogue cannot place
            if ("indicator", key) in self.remembered:
                self.used.add(("indicator", key))
                return self.remembered[("indicator", key)]
        return None

    def indicator_from_parts(self, parts: list[str]) -> str | None:
        """A column under a merged group: "技术合同登记额" / "其中：本地" -> the local sub-indicator."""
        parts = [p for p in (norm(x) for x in parts) if p]
        if not parts:
            return None
        joined = "/".join(parts)
        if len(parts) == 1:
            return self.indicator(parts[0])
        saved, self.remembered = self.remembered, {}  # the catalogue first, for every reading of the parts
        try:
            code = self._indicator_from_parts(parts)
        finally:
            self.remembered = saved
        if code:
            return code
        if ("indicator", joined) in self.remembered:
            self.used.add(("indicator", joined))
            return self.remembered[("indicator", joined)]
        return self._indicator_from_parts(parts)

    def _indicator_from_parts(self, parts: list[str]) -> str | None:
        group, sub = split_unit(parts[-2])[0], split_unit(parts[-1])[0]
        sub_core = strip_prefix(sub)
        if sub_core in GROUP_TOTAL_WORDS:
            return self.indicator(parts[-2])
        for cand in (parts[-1], sub_core + group, group + sub_core, sub_core + strip_prefix(group)):
            code = self.indicator(cand)
            if code:
                return code
        return None

    def suggest(self, kind: str, label, n: int = 3) -> list[str]:
        """Close catalogue codes for the mapping UI (never applied automatically)."""
        s = strip_prefix(split_unit(label)[0])
        if kind == "region":
            names = {norm(r.name): r.code for r in self.regions.itertuples()
                     if self.scope_city is None or r.parent == self.scope_city or r.code == self.scope_city}
        else:  # derived indicators (with a formula) are computed, never imported: not offered
            derived = set(self.indicators.loc[self.indicators["formula"].notna(), "code"])
            names = {k: c for k, c in self._ind_names.items() if c not in derived}
        hits = difflib.get_close_matches(s, list(names), n=n * 2, cutoff=0.5)
        out = []
        for h in hits:
            if names[h] not in out:
                out.append(names[h])
        return out[:n]

    def region_name(self, code: str | None) -> str:
        if code is None:
            return ""
        hit = self.regions.loc[self.regions["code"] == code, "name"]
        return hit.iloc[0] if len(hit) else code
