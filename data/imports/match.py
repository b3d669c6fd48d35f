"""Match spreadsheet labels to catalogue regions and indicators.

Labels are compared after `norm`: NFKC (full-width -> half-width), no spaces, no 其中/#/numbering
prefixes, no unit in brackets. Remembered mappings (import_mappings, per layout signature) only place what
the catalogue cannot: a label the catalogue places by itself always gets the catalogue's code
(data/imports/mappings.py); every remembered mapping used is noted in `used`, for the import report.

Regions (refuse rather than guess):
- a 6-digit code matches its unit, and a 12-digit code (GB/T 2260 + the town and village digits) only when its
  last six digits are 000000: any other names a town, street or village below the county and is refused (a
  town's figure is not the county's); a code that no longer exists (GB/T 2260 history in
  data/catalogue/region_history.csv) is refused with its successor;
- a name matches by full name, short name or alias; a label's own suffix (县/市/区) is never stripped,
  so "邢台县" never becomes 邢台市 (a county's name is never shortened to its city's);
- names match within the expected city (the home county's city, or the city most labels of the table
  belong to). A name of another city matches only when the table spans several cities and the name is
  unique in the province, now and in its history; "桥东区" in a 邢台 table never matches 张家口's;
- an old name (e.g. 任县, renamed 任泽区 in 2020) matches its successor only for periods before the
  year of the change and only for a pure rename (same territory); any other old name is refused with
  the change and the successor named (桥东区 → 襄都区 grew: not 同口径).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import difflib
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from data.catalogue import load_indicators, load_regions
from data.imports.clean import written_unit
from data.imports.periods import SUB_PERIOD_WORDS

if TYPE_CHECKING:
    from collections.abc import Iterable

TOTAL_LABELS = {"合计", "总计", "全市", "全市合计", "全市总计", "合计数", "全市总数", "总数", "全市范围"}
_PREFIX = re.compile(r"^(?:其中[:：]?|#+|[（(]?[一二三四五六七八九十\d]{1,2}[)）.、．]\s*|[、.．]\s*)+")
# A label's closing brackets (after norm: ASCII brackets), maybe "单位：" first; a unit when clean.unit_word knows it.
_UNIT_IN_BRACKETS = re.compile(r"[（(]\s*(单位[:：]?)?\s*([^（()）]{1,12}?)\s*[)）]\s*$")
# A sub-column that is the group's own figure: "技术合同登记额" over "合计", or an indicator over "本期".
# The sub-column words naming a period of their own (periods.SUB_PERIOD_WORDS: 当季, 当月, 自年初累计 …) are the group's
# figure too (br8 q01: 当季 under R&D经费 was an unknown indicator while 本季 was read).
GROUP_TOTAL_WORDS = {"合计", "小计", "总计", "计", "总额", "合计数", "本期", "本期数", "本年累计", "累计", "本期累计",
                     "数值", "金额", "数量", "本年", "本月", "本季", "本期值", "实际", "完成"} | SUB_PERIOD_WORDS
# a unit below the county: a town (镇, 乡), a street (街道, 街道办事处) or a village (村, 村委会, 社区)
TOWN_NAME = re.compile(r"(?:镇|乡|街道|村|社区)(?:人民政府|政府|办事处|民?委员会|委会|居委会|居民委员会)?$")
_SPACE = re.compile(r"[\s\u3000\xa0]+")
# Words beside an indicator's name in a title that make the table's figures another measure of it (a growth rate,
# a share, a rank, the new ones of a year) or name several things: the title then names no one indicator
TITLE_OTHER_MEASURE = re.compile(r"增速|增长|增幅|增量|增加|增减|减少|同比|环比|比上年|较上年|比去年|较去年|占比|比重|占全|"
                                 r"平均|均值|户均|每|排名|排序|位次|名次|"
                                 r"强度|密度|人均|万人|率|新增|净增|新认定|新入库|及|和|与|、|/|＆|&|以及|等")
# Words saying figures are targets, plans, forecasts or estimates, not statistics (breaker6 A2: a 目标任务分解表 was stored
# as the year's actuals): in a table's title, sheet name or file name they refuse the table, in a column's header
# cell that column (table_shapes.not_actuals_word). The catalogue names no indicator holding any of them.
NOT_ACTUALS = re.compile(r"目标|任务分解|分解任务|主要任务|任务清单|任务书|计划|预计|预测|预估|预期|预算|考核指标|考核任务"
                         r"|指标分解|指标分配|指标下达|下达|测算|规划|力争|应完成|拟定|拟认定|拟申报"
                         r"|估计|估算|推算|匡算"   # estimates (a note's 注：清河县数据为估算数)
                         r"|目標|計劃|預計|預測|預估|預期|預算|規劃|測算|估計"   # the traditional forms (NFKC keeps them)
                         r"|(?i:\b(?:targets?|plan(?:s|ned)?|forecasts?|budgets?|estimates?)\b)")
# ... unless the same text says it reports what was done (目标任务完成情况, 计划执行情况, 工作进展): the table holds
# actual figures, its 目标/计划 columns are refused one by one
# (应完成 is a target; 预计完成数, 预计完成情况 are estimates of what will be done, nt9)
ACTUALS_SAID = re.compile(r"(?<!应)(?<!预计)(?<!预估)(?<!预期)(?<!预测)(?<!預計)(?<!預估)完成|执行情况|进展|进度|实际|实绩|实现")
# Words of a note or 备注 saying some figures cover another scope than the table's (不含开发区, 口径调整): such figures
# are no figures of the table's keys as the catalogue defines them (table_shapes.note_verdict, rule note_other_scope).
# A bare 口径 is none (注：同比增速按可比口径计算), nor is 含 (全市合计含开发区 is the product's own definition).
# (扣除 of 加计扣除 names an indicator; 扣除价格因素 / 扣除重复统计 say how a growth rate or a total is computed, no part
# left out of the figures: review)
# (what is left out being not yet built — 不含规划建设, 不含在建 — restates a count's definition: breaker7 na12)
COVERAGE_SAID = re.compile(r"(?:不含|未含|不包含|未包含|不包括|未包括)(?!规划|在建|拟建|筹建|计划)|未计入|不计入|未纳入|不纳入"
                           r"|(?<!加计)扣除(?!价格|物价|重复|重複)|剔除(?!价格|物价|重复)|除去"
                           r"|仅含|只含|仅包括|只包括|仅统计|只统计"
                           r"|口[径徑](?:已|有所|有)?(?:调整|調整|变化|變化|变动|變動|改变|改變|变更|變更|不同|不一致|修订|修訂)"
                           r"|(?:调整|調整|变更|變更|改变|改變)(?:了)?(?:统计|統計)?口[径徑]|[新旧舊原]口[径徑]"
                           r"|未計入|不計入|未納入|僅含|僅包括")
_CITY_SUFFIX = re.compile(r"(市|县|区|自治县)$")
HISTORY_FILE = Path(__file__).resolve().parents[1] / "catalogue" / "region_history.csv"


_UNIT_KINDS_IN_BRACKETS = re.compile(r"\([市区县、,\s]*\)")


def _occurrences(text: str, key: str) -> list[int]:
    """Every start position of key in text (overlapping ones too: a lookahead match)."""
    return [m.start() for m in re.finditer(f"(?={re.escape(key)})", text)]


@cache
def load_region_history() -> pd.DataFrame:
    """GB/T 2260 changes of Hebei's county-level units: one row per code and name that ended (valid_to,
    "YYYY-MM" of the State Council's approval, month precision) or began (valid_from).
    Columns: code, name, city, valid_from, valid_to, successor ("|"-separated codes), change
    (rename | merge | split | abolish | new), note (Chinese, shown to users)."""
    df = pd.read_csv(HISTORY_FILE, dtype=str, keep_default_na=False)
    return df


@dataclass(frozen=True)
class RegionVerdict:
    code: str | None
    rule: str | None = None          # None | region_renamed (warning) | region_old_name | region_outside_city | region_ambiguous
    zh: str = ""
    en: str = ""


def norm(label: object) -> str:
    """The comparable form of a label."""
    if label is None:
        return ""
    s = unicodedata.normalize("NFKC", str(label))
    s = _SPACE.sub("", s).replace("“", '"').replace("”", '"').replace("：", ":")
    return s


_FLOAT_CODE = re.compile(r"\s*(\d{6})\.0\s*")


def code_label(label: object) -> object:
    """A region label as the matcher reads it: a code that went through a number comes back as its digits, a
    float 130534.0 (a cell typed as a number) or the text "130534.0" (a CSV or a text cell written from one), but
    only exactly six digits and ".0": "130534.00", "130534.5" or "0130534.0" stay as they are (and are refused
    like any unknown label). Every other label is returned as it is."""
    if isinstance(label, float) and label.is_integer():
        return str(int(label))
    if isinstance(label, str):
        m = _FLOAT_CODE.fullmatch(unicodedata.normalize("NFKC", label))
        if m:
            return m.group(1)
    return label


def split_unit(label: object) -> tuple[str, str | None]:
    """"研究与试验发展(R&D)经费（万元）" -> ("研究与试验发展(R&D)经费", "万元"). The unit is what clean.unit_word reads
    in the closing brackets, the one road for a written unit: its spellings too (（亿） and （亿元人民币） -> 亿元,
    （千万元）); brackets holding no unit it knows (（入库）, （万美元）) stay part of the name."""
    s = norm(label)
    m = _UNIT_IN_BRACKETS.search(s)
    if not m:
        return s, None
    unit = written_unit(m.group(2))   # （万美元）, （万） as written: refused as a unit, never left in the name
    if unit is None:
        return s, None
    return s[:m.start()], unit


def strip_prefix(s: str) -> str:
    return _PREFIX.sub("", s)


# A total row's own word on the development zones, in brackets after it: 全市合计（不含开发区）, 合计（含经济开发区）,
# 全市（含河北邢台经济开发区）. 不含/不包括/未含 … = a total of the county-level units only; 含/包括/包含 = the zones inside.
_ZONE_WORD = re.compile(r"^(?P<core>.+?)\((?P<word>不含|不包括|不包含|未含|未包括|含|包括|包含)(?P<zone>[^()]{1,24})\)$")
ZONE_EXCLUDED, ZONE_INCLUDED = "excl", "incl"


def layout_signature(kind: str, labels: Iterable[object]) -> str:
    """Stable id of a sheet layout: its kind and normalised header labels."""
    text = kind + "|" + "|".join(norm(x) for x in labels if norm(x))
    return kind + ":" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# What Matcher._index (and _history_index) derive from the catalogues, never changed afterwards.
_INDEX_TABLES = ("_region_names", "_region_codes", "_region_parent", "_region_level", "_ind_names", "units",
                 "_hist_names", "_hist_codes", "_names_by_code", "_ind_keys", "_ind_parent", "_bare_zone",
                 "_unit_full_names", "_own_names", "_place_prefixes")
# A count of units (firms, platforms, institutions): a group header naming one (高新技术企业, 规模以上工业企业,
# 省级以上科技创新平台) is a population, and a sub-column under it is that population's figure
UNIT_COUNTS = {"家", "个", "户", "所", "座"}
POPULATION_END = re.compile(r"(企业|公司|单位|机构)$")
# A sub-column (or 其中 item) under a population that is its count: 高新技术企业 over 企业数（家） = HNTE
POPULATION_COUNT_WORDS = {"企业数", "企业个数", "企业家数", "家数", "个数", "户数", "单位数", "机构数", "数", "总数"}


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

    def fresh(self) -> "Matcher":
        """A new matcher on the same catalogues and scope, without remembered mappings (one per sheet)."""
        m = Matcher(self.regions, self.indicators, {}, self.scope_city, self.home_city)
        # The look-up tables _index derives from the catalogues are only read once built: shared, not rebuilt
        # (a tenth of a second per ten sheets); the per-sheet state _index sets starts afresh.
        for name in _INDEX_TABLES:
            setattr(m, name, getattr(self, name))
        m._year_read, m.has_units, m.multi_city = False, True, False
        m.context, m.zone_alias_ok = (), True
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
        self._region_level = dict(zip(self.regions["code"], self.regions["level"]))
        self._ind_names: dict[str, str] = {}
        for r in self.indicators.itertuples():
            for n in (r.code, r.name_zh, r.short_zh, *r.aliases):
                key = strip_prefix(norm(n))
                self._ind_names.setdefault(key, r.code)
                self._ind_names.setdefault(key.lower(), r.code)
        self.units = dict(zip(self.indicators["code"], self.indicators["unit"]))
        # each indicator's catalogue names (as _ind_names keys: no prefix, no unit) and its 其中 parent
        self._ind_keys: dict[str, tuple[str, ...]] = {}
        self._ind_parent: dict[str, str] = {}
        for r in self.indicators.itertuples():
            keys = dict.fromkeys(strip_prefix(split_unit(n)[0]) for n in (r.name_zh, r.short_zh, *r.aliases))
            self._ind_keys[r.code] = tuple(k for k in keys if k)
            if isinstance(r.parent, str) and r.parent:
                self._ind_parent[r.code] = r.parent
        # a development zone's aliases that name no place (开发区, 经济开发区): the city's zone only in the city's table
        place_names = {norm(n) for r in self.regions.itertuples() if r.level != "devzone"
                       for n in (r.name, r.short_name, *r.aliases) if len(norm(n)) >= 2}
        self._bare_zone: dict[str, str] = {}
        for r in self.regions.itertuples():
            if r.level == "devzone":
                for n in (r.name, r.short_name, *r.aliases):
                    if not any(p in norm(n) for p in place_names):
                        self._bare_zone[norm(n)] = r.code
        # each region's own catalogue names, normed (name, short name, aliases): a city's total row by its own name
        self._own_names: dict[str, frozenset[str]] = {
            r.code: frozenset(norm(n) for n in (r.name, r.short_name, *r.aliases) if norm(n)) for r in self.regions.itertuples()}
        # (written prefix, code) of the province and the cities, longest first: 邢台市清河县, 河北省清河县 (_qualified)
        self._place_prefixes: list[tuple[str, str]] = sorted(
            {(n, code) for code, names in self._own_names.items() if self._region_level.get(code) in ("province", "city")
             for n in names if len(n) >= 2}, key=lambda x: -len(x[0]))
        # full names of county-level units and cities, to find which unit a title, sheet or file name names
        self._unit_full_names = {norm(r.name): (r.code, r.level) for r in self.regions.itertuples()
                                 if r.level in ("county", "city") and len(norm(r.name)) >= 2}
        self._year_read = False  # set when a verdict consulted the figure's year (an old name): see verdicts()
        self.has_units = True    # some label names a county-level unit; set by set_scope (a table of cities: False)
        self.context: tuple[str, ...] = ()   # the table's title lines, sheet name and file name (set by the caller)
        self.zone_alias_ok = True  # a bare zone alias (开发区) is the city's zone: the table is the city's (set_scope)
        self._history_index()

    # ---- regions --------------------------------------------------------------------------------
    def zone_word(self, label: object) -> tuple[str, str | None]:
        """A label's own statement whether development zones are inside it: (the label without it, ZONE_EXCLUDED
        or ZONE_INCLUDED), or (the norm()ed label, None). Said only by a closing bracket naming the zones: 开发区,
        经济开发区, 各开发区, 开发区（园区）, or a development zone's catalogue name (河北邢台经济开发区); the caller
        decides whether the rest is a total (全市合计（不含开发区）) or something else (襄都区（含开发区）: not a total)."""
        s = norm(label)
        m = _ZONE_WORD.match(s)
        if not m:
            return s, None
        zone = re.sub(r"^(各|全部)", "", m["zone"])
        names = self._bare_zone.keys() | {norm(n) for r in self.regions.itertuples() if r.level == "devzone"
                                           for n in (r.name, r.short_name, *r.aliases)}
        if zone not in names and zone not in ("开发区", "经济开发区", "开发区(园区)", "园区", "开发区和园区"):
            return s, None
        return m["core"], (ZONE_INCLUDED if m["word"] in ("含", "包括", "包含") else ZONE_EXCLUDED)


    def _history_index(self) -> None:
        hist = load_region_history()
        ended = hist[hist["valid_to"] != ""]
        self._hist_names: dict[str, list[dict]] = {}
        for r in ended.to_dict("records"):
            self._hist_names.setdefault(norm(r["name"]), []).append(r)
        self._hist_codes = {r["code"]: r for r in ended.to_dict("records") if r["code"] not in self._region_codes}
        self._names_by_code = dict(zip(self.regions["code"], self.regions["name"]))
        self.multi_city = False

    def region_candidates(self, label: object) -> set[str]:
        if label is None:
            return set()
        label = code_label(label)
        s = norm(label)
        if not s:
            return set()
        found = self._catalogue_regions(s)
        if len(found) != 1 and ("region", s) in self.remembered:  # the catalogue cannot place it alone
            self.used.add(("region", s))
            return {self.remembered[("region", s)]}
        return found

    def _catalogue_regions(self, s: str) -> set[str]:
        digits = s[:6] if re.fullmatch(r"\d{6}(000000)?", s) else None   # 12 digits: the unit itself ends 000000
        if digits and digits in self._region_codes:
            return {digits}
        if s in TOTAL_LABELS or re.fullmatch(r"(全市|合计|总计)[:：]?(合计|总计)?", s):
            return {"TOTAL"}
        return set(self._region_names.get(s, set()))

    def catalogue_candidates(self, kind: str, label: object) -> set[str]:
        """What the catalogue alone makes of `label` (no remembered mappings): a set of codes."""
        saved, self.remembered = self.remembered, {}
        try:
            if kind != "region":
                code = self.indicator(label)
                return {code} if code else set()
            placed = self.verdict(label).code
            if placed is not None:
                return {placed}
            label = code_label(label)
            cands = self._catalogue_regions(norm(label)) if norm(label) else set()
            # a total stays a total; a name found in several places may only become one of them
            return cands if cands == {"TOTAL"} or len(cands) > 1 else set()
        finally:
            self.remembered = saved

    def set_scope(self, labels: Iterable[object]) -> None:
        """Pick the city most unambiguous labels belong to (where a name clashes, that city wins).
        A table whose labels spread over three or more cities (two or more each) is a multi-city table."""
        counts = Counter()
        self.has_units = False   # some label names a county-level unit (not only cities)
        for lab in labels:
            if norm(lab) in self._hist_names:   # a name that changed over time says nothing about the city
                continue
            c = self.region_candidates(lab)
            if len(c) == 1:
                code = next(iter(c))
                if code == "TOTAL" or code not in self._region_parent:  # a total, or a remembered "ignore"
                    continue
                parent = self._region_parent.get(code)
                counts[code if parent == "130000" else parent] += 1
                self.has_units = self.has_units or parent != "130000"
        if counts:
            best = max(counts.values())
            top = [c for c, n in counts.items() if n == best]
            # a tie goes to the home county's city, else to the first city met
            self.scope_city = self.home_city if self.home_city in top else top[0]
            self.multi_city = sum(1 for n in counts.values() if n >= 2) >= 3

    def judge_zone_aliases(self, labels: Iterable[object]) -> None:
        """Whether a bare zone alias (开发区, 经济开发区: data/catalogue/regions.csv) names the city's zone in this
        table (`zone_alias_ok`): only in the city's table. Its labels list two county-level units or more (a table
        of several counties), or name the city or its total, or its context (title lines, sheet name, file name:
        `context`) names the city; a context naming one county (清河县2024年1-9月科技指标) with fewer than two
        counties among the labels is that county's table, where 开发区 is the county's own zone (refused)."""
        counties, city = set(), False
        for lab in labels:
            c = self.catalogue_regions_of(lab)
            if c == {"TOTAL"}:
                city = True
            elif len(c) == 1:
                code = next(iter(c))
                level = self._region_level.get(code)
                if level == "county" and self._in_city(code):
                    counties.add(code)
                city = city or (level == "city" and code == self.scope_city)
        named = {code: level for text in self.context for name, (code, level) in self._unit_full_names.items()
                 if name in norm(text)}
        ctx_counties = {c for c, level in named.items() if level == "county"}
        ctx_city = any(level == "city" for level in named.values())
        if len(counties) >= 2:
            self.zone_alias_ok = True
        elif len(ctx_counties) == 1:
            self.zone_alias_ok = False
        else:
            self.zone_alias_ok = city or (ctx_city and not ctx_counties)

    def catalogue_regions_of(self, label: object) -> set[str]:
        """What the catalogue's names and codes alone make of a region label (a set of codes, {"TOTAL"})."""
        if label is None or (isinstance(label, float) and label != label):
            return set()
        s = norm(code_label(label))
        return self._catalogue_regions(s) if s else set()

    def _in_city(self, code: str) -> bool:
        return self.scope_city is not None and (self._region_parent.get(code) == self.scope_city
                                                 or code == self.scope_city)

    def verdict(self, label: object, year: int | None = None) -> RegionVerdict:
        """The region a label names, or why it is refused. `year`: the year of the figure's period."""
        if label is None or (isinstance(label, float) and label != label):
            return RegionVerdict(None)
        label = code_label(label)
        s = norm(label)
        if not s:
            return RegionVerdict(None)
        if ("region", s) in self.remembered:  # only where the catalogue cannot place the label
            saved, self.remembered = self.remembered, {}
            try:
                plain = self._verdict(label, s, year)
            finally:
                self.remembered = saved
            if plain.code is not None:
                return plain
            self.used.add(("region", s))
            return RegionVerdict(self.remembered[("region", s)])
        return self._verdict(label, s, year)

    def _qualified(self, label: object, s: str, year: int | None) -> RegionVerdict | None:
        """A unit's name written with what places it: its own code before or after it (130534清河县, 临西县(130535)) or its
        province's or city's name (河北省清河县, 邢台市清河县, 河北省邢台市清河县). The code and the name must name the
        same unit (else region_conflict); a prefixed name is that unit only when it lies in the named city or
        province (石家庄市清河县 is none). None when the label is not so written (then judged as before)."""
        # a name after the code (130534.00 is none), or the code after the name, bare or in brackets (临西县(130535),
        # 临西县（130535）, 临西县 130535: br10)
        m = re.fullmatch(r"(?P<code>\d{6})[-_:/|]?(?P<name>[\u4e00-\u9fff].*)", s) \
            or re.fullmatch(r"(?P<name>[\u4e00-\u9fff].*?)\s*[(（\[【]?\s*(?P<code>\d{6})\s*[)）\]】]?", s)
        if m and m.group("code") in self._region_codes:
            code, name = m.group("code"), m.group("name")
            named = self._verdict(name, name, year)
            if named.code == code:
                return named
            return RegionVerdict(None, "region_conflict",
                                 f"「{label}」中的代码 {code}（{self.region_name(code)}）与名称「{name}」"
                                 "不是同一个县（市、区）",
                                 f"{label}: the code {code} and the name {name} name different units")
        for pre, code in self._place_prefixes:
            if s.startswith(pre) and len(s) > len(pre) + 1:
                rest = s[len(pre):]
                if rest in self._bare_zone:
                    # 邢台市经济开发区 is that city's zone (the prefix says whose); 河北省开发区 any of the province's
                    zone = self._bare_zone[rest]
                    if self._region_parent.get(zone) == code:
                        return RegionVerdict(zone)
                    continue
                v = self._verdict(rest, rest, year)
                inside = v.code is not None and (self._region_parent.get(v.code) == code
                                                 or self._region_parent.get(self._region_parent.get(v.code)) == code)
                if inside:
                    return v
        return None

    def city_names(self) -> frozenset[str]:
        """The scope city's own catalogue names, normed (邢台市, 邢台, 邢台市全市): a total's spelling in its table. A
        remembered mapping (市本级 → the city) is no name of it. Empty without a scope city."""
        return self._own_names.get(self.scope_city, frozenset()) if self.scope_city else frozenset()

    def is_qualified_name(self, text: object) -> bool:
        """Whether a label is a unit's name written with its code or its province's or city's name (`_qualified`):
        a region label of a table's label column, judged (maybe refused) as one."""
        s = norm(text)
        return bool(s) and self._qualified(text, s, None) is not None

    def verdicts(self, pairs: Iterable[tuple[object, int | None]]) -> list[RegionVerdict]:
        """verdict(label, year) for each (label, year). The year matters only for old names (GB/T 2260's
        history): a label whose verdict did not consult it is judged once and that verdict (the same object)
        serves its other years."""
        fixed: dict[tuple[type, object], RegionVerdict] = {}
        out = []
        for label, year in pairs:
            key = (type(label), label)
            v = fixed.get(key)
            if v is None:
                self._year_read = False
                v = self.verdict(label, year)
                if not self._year_read:
                    fixed[key] = v
            out.append(v)
        return out

    def _verdict(self, label: object, s: str, year: int | None) -> RegionVerdict:
        if re.fullmatch(r"\d{12}", s) and s[6:] != "000000":   # a town, street or village code: below the county
            county = self.region_name(s[:6]) if s[:6] in self._region_codes else ""
            of = f"{county}下的" if county else ""
            return RegionVerdict(None, "region_below_county",
                                 f"「{label}」后6位不全为0，是{of}乡镇（街道）或村，其数据不是全县（市、区）的数据",
                                 f"{label} is a 12-digit code of a town, street or village{' in ' + s[:6] if county else ''}, "
                                 f"not of the county-level unit itself; its figure is not the county's")
        if re.fullmatch(r"\d{6}(\d{6})?", s) and s[:6] not in self._region_codes and s[:6] in self._hist_codes:
            return self._old(self._hist_codes[s[:6]], s, year, by_code=True)
        cands = self._catalogue_regions(s)
        if cands == {"TOTAL"}:
            return RegionVerdict(self.scope_city)
        if s in self._bare_zone and not self.zone_alias_ok:
            zone = self._bare_zone[s]
            return RegionVerdict(None, "zone_alias_not_city",
                                 f"「{label}」在一个县（市、区）的表中，可能是本县（市、区）的开发区（园区），不一定是"
                                 f"{self.region_name(zone)}（{zone}），系统不会猜测",
                                 f"{label} in one county's table may be that county's own zone, not necessarily "
                                 f"{self.region_name(zone)} ({zone})")
        if re.fullmatch(r"\d{6}(\d{6})?", s) and cands:
            return RegionVerdict(next(iter(cands)))
        inside = [c for c in cands if self._in_city(c)]
        hist = self._hist_names.get(s, [])
        hist_inside = [h for h in hist if h["city"] == self.scope_city]
        if len(inside) == 1 and (old_county := self.city_short_name_was_a_county(s, inside[0], year)):
            return RegionVerdict(None, "region_ambiguous",
                                 f"「{label}」可能是{self.region_name(inside[0])}（{inside[0]}），也可能是已撤销的"
                                 f"{old_county['name']}（{old_county['code']}，{old_county['note']}）",
                                 f"{label} may be {inside[0]} or the former {old_county['code']}")
        if len(inside) == 1:
            return RegionVerdict(inside[0])
        if len(inside) > 1:
            names = "、".join(f"{self.region_name(c)}（{c}）" for c in sorted(inside))
            return RegionVerdict(None, "region_ambiguous", f"「{label}」可能是 {names}",
                                 f"{label} may be any of {', '.join(sorted(inside))}")
        if hist_inside:
            return self._old(hist_inside[0], s, year)
        if self.scope_city is None or self.multi_city:
            if len(cands) == 1 and not hist:
                return RegionVerdict(next(iter(cands)))
        if not cands and not hist and (qualified := self._qualified(label, s, year)) is not None:
            return qualified
        if not cands and not hist:
            core, zones = self.zone_word(s)
            if zones is not None and (self._catalogue_regions(core) == {"TOTAL"} or core in self.city_names()):
                # 全市（含开发区） is the city's own figure, counties and zones (the one definition); 全市（不含开发区）
                # the counties' alone, which is no unit's figure: refused, never renamed into the city's by a fix
                if zones == ZONE_INCLUDED and self.scope_city:
                    return RegionVerdict(self.scope_city)
                if zones == ZONE_EXCLUDED:
                    return RegionVerdict(None, "region_total_excludes_zone",
                                         f"「{label}」是不含开发区的各县（市、区）合计，不是全市数（全市数含开发区）",
                                         f"{label} is the counties' total without the development zones, not the "
                                         "city's figure (which includes them)")
        if not cands and not hist and self.is_town_name(s):
            return RegionVerdict(None, "region_below_county",
                                 f"「{label}」是乡镇（街道）或村，其数据不是县（市、区）的数据",
                                 f"{label} is a town, street or village, not a county-level unit")
        if cands or hist:
            others = sorted({self.region_name(self._region_parent.get(c)) + self.region_name(c) for c in cands}
                            | {self.region_name(h["city"]) + h["name"] + "（已撤销）" for h in hist})
            # a scope without a name of its own (br10: "不是的县（市、区）") says the table's city in words
            city = (self.region_name(self.scope_city) if self.scope_city else "") or "本表所属城市"
            return RegionVerdict(None, "region_outside_city",
                                 f"「{label}」不是{city}的县（市、区）；同名地区：{'、'.join(others)}。"
                                 f"如确为外市数据，请改填6位行政区划代码",
                                 f"{label} is not a county-level unit of {self.scope_city or 'the expected city'}; "
                                 f"name found elsewhere ({', '.join(sorted(cands))}); give the 6-digit code")
        return RegionVerdict(None)

    def is_town_name(self, label: object) -> bool:
        """A name of a town, street or village ("葛仙庄镇", "连庄镇人民政府"): no unit of the catalogue or of its
        history, ending in 镇/乡/街道/村/社区 (three characters at least: "乡镇" is a header word)."""
        s = norm(code_label(label))
        return len(s) >= 3 and bool(TOWN_NAME.search(s)) and not self._catalogue_regions(s) \
            and s not in self._hist_names

    def names_other_unit(self, code: object, name: object, year: int | None = None) -> bool:
        """A code and a name given for one unit (a long form's 地区代码 and 地区, a form's 行政区划代码 and 单位名称)
        that do not name the same unit: the name is another unit of the catalogue (also one placed elsewhere, an
        old name whose successors do not include the code's unit) or a town, street or village below the county
        ("葛仙庄镇" beside 130534). False when the code names no unit, or the name says nothing certain."""
        a = self.region(code, year)
        if a is None or not norm(name):
            return False
        b = self.region(name, year)
        if b is not None:
            return a != b
        s = norm(code_label(name))
        cands = self._catalogue_regions(s)
        if cands:
            return a not in cands
        hist = self._hist_names.get(s, [])
        if hist:
            return not any(a in h["successor"].split("|") for h in hist)
        return self.is_town_name(s)

    def _old(self, h: dict, label: str, year: int | None, by_code: bool = False) -> RegionVerdict:
        self._year_read = True
        succ = [c for c in h["successor"].split("|") if c]
        succ_txt = "、".join(f"{self.region_name(c)}（{c}）" for c in succ)
        changed = int(h["valid_to"][:4])
        if h["change"] == "rename" and len(succ) == 1 and year is not None and year < changed:
            return RegionVerdict(succ[0], "region_renamed",
                                 f"「{label}」是旧名称（{h['note']}），{year}年数据按同一辖区对应到{succ_txt}",
                                 f"{label} is an old name ({h['valid_to']}); {year} figure stored under {succ[0]}")
        when = f"{year}年的数据" if year is not None else "该数据"
        fix = (f"请改填“{self.region_name(succ[0])}”或代码{succ[0]}" if h["change"] == "rename" and len(succ) == 1
               else "辖区已调整，与现行区划不是同口径：请按现行区划（" + succ_txt + "）重新汇总后填报")
        return RegionVerdict(None, "region_old_name",
                             f"「{label}」（{h['code']}）是已撤销或更名的区划：{h['note']}，现为{succ_txt}。{when}不能自动对应。{fix}",
                             f"{label} ({h['code']}) ended {h['valid_to']} ({h['change']}); successor {', '.join(succ)}")

    def city_short_name_was_a_county(self, s: str, code: str, year: int | None) -> dict | None:
        """The former county of a city's bare short name ("邢台": 邢台县 until 2020) when `code` is that city and the
        figure's year (unknown: any) falls before the county ended; else None."""
        if s.endswith("市") or self._region_level.get(code) != "city" or not self.has_units:
            return None   # a table of cities only: 邢台 is the city
        self._year_read = True
        for h in self._hist_names.get(s + "县", []):
            if h["city"] == code and (year is None or year <= int(h["valid_to"][:4])):
                return h
        return None

    def is_old_name(self, label: object) -> bool:
        return norm(label) in self._hist_names

    def region(self, label: object, year: int | None = None) -> str | None:
        return self.verdict(label, year).code

    def regions_for(self, labels: pd.Series) -> pd.Series:
        """Vectorised over unique labels: label -> region code (None when unmatched)."""
        uniq = pd.unique(labels.astype(object))
        lookup = {lab: self.region(lab) for lab in uniq}
        return labels.astype(object).map(lookup)

    # ---- indicators -----------------------------------------------------------------------------

    def indicator(self, label: object) -> str | None:
        """One label (maybe with a unit in brackets or a 其中 prefix) -> code or None: the catalogue's names
        first, then what the user mapped the label to (remembered)."""
        keys = self._indicator_keys(label)
        for key in keys:
            if key in self._ind_names:
                return self._ind_names[key]
        for key in keys:  # only what the catalogue cannot place
            if ("indicator", key) in self.remembered:
                self.used.add(("indicator", key))
                return self.remembered[("indicator", key)]
        return None

    @staticmethod
    def _indicator_keys(label: object) -> tuple[str, ...]:
        s = norm(label) if label is not None else ""
        if not s:
            return ()
        base, _unit = split_unit(s)
        return s, base, strip_prefix(base), strip_prefix(base).lower()

    def catalogue_indicator(self, label: object) -> str | None:
        """indicator(label) from the catalogue's names alone (never a remembered mapping)."""
        return next((self._ind_names[k] for k in self._indicator_keys(label) if k in self._ind_names), None)

    def indicator_in_title(self, lines: Iterable[object]) -> str | None:
        """The one indicator a table's title names ("邢台市各县（市、区）高新技术企业数" -> "HNTE"), for a table
        whose columns are periods only (2023年 | 2024年). A catalogue name, short name or alias (three
        characters or more) found in a line counts unless a longer name found there contains it (规上工业企业
        inside 规上工业企业R&D经费). None, never a guess, when no line names an indicator, when the lines name
        two, or when a line naming one also holds a word that makes its figures another measure or several
        (增速, 同比, 占比, 新增, 排名, 及, 和, 、: TITLE_OTHER_MEASURE)."""
        found = set()
        for line in lines:
            s = norm(line)
            spans = [(i, i + len(key), code) for key, code in self._ind_names.items() if len(key) >= 3
                     for i in _occurrences(s, key)]
            spans = [a for a in spans if not any(b[0] <= a[0] and a[1] <= b[1] and b[1] - b[0] > a[1] - a[0]
                                                 for b in spans)]
            if not spans:
                continue
            rest = "".join(ch for i, ch in enumerate(s) if not any(a <= i < b for a, b, _ in spans))
            rest = _UNIT_KINDS_IN_BRACKETS.sub("", rest)   # 各县（市、区）: one kind of unit, not a list
            if TITLE_OTHER_MEASURE.search(rest):
                return None
            found |= {code for _, _, code in spans}
        return found.pop() if len(found) == 1 else None

    def indicator_from_parts(self, parts: list[str]) -> str | None:
        """A column under a merged group: "技术合同登记额" / "其中：本地" -> the local sub-indicator (None when the
        parts name no catalogue indicator, or a sub-column refused under its group: `part_verdict`)."""
        return self.part_verdict(parts)[0]

    def part_verdict(self, parts: list[str], sub_item: bool = False) -> tuple[str | None, str | None]:
        """(indicator, why refused) of a sub-column under its group header (parts: the header cells from the top),
        or, with sub_item, of a form's 其中/# row under its parent row (parts: [parent, sub-item]). The group-
        qualified readings come first (group + sub: 规模以上工业企业 over R&D经费 = IND_RD_EXP; 技术合同登记额 over
        其中：本地 = TECH_CONTRACT_LOCAL); then the sub-item's own name only where it is the group's catalogue child
        (`parent`), or where it already names the group (高新技术企业 over 高新技术企业数). A sub under a group that
        names a population of firms or units (`population`: 高新技术企业, 规上工业企业, 科技型中小企业) is that
        population's figure: its count (企业数, 数量) or refused, never the sub's own indicator for the whole
        county; a sub-item under a parent row that is an indicator is refused unless read so. `why`: the refusal's
        cause (shown to the user), None when the parts are merely unknown."""
        shown = [str(x).strip() for x in parts if norm(x)]   # as written, for the message
        parts = [p for p in (norm(x) for x in parts) if p]
        if not parts:
            return None, None
        joined = "/".join(parts)
        if len(parts) == 1:
            return self.indicator(parts[0]), None
        saved, self.remembered = self.remembered, {}  # the catalogue first, for every reading of the parts
        try:
            code, why = self._part_verdict(parts, sub_item, shown)
        finally:
            self.remembered = saved
        if code or why:
            return code, why
        if ("indicator", joined) in self.remembered:
            self.used.add(("indicator", joined))
            return self.remembered[("indicator", joined)], None
        return self._part_verdict(parts, sub_item, shown)

    def _part_verdict(self, parts: list[str], sub_item: bool, shown: list[str]) -> tuple[str | None, str | None]:
        group_label, sub_label = parts[-2], parts[-1]
        group, sub = split_unit(group_label)[0], split_unit(sub_label)[0]
        sub_core = strip_prefix(sub)
        if sub_core in GROUP_TOTAL_WORDS:
            return self.indicator(group_label), None
        own = self.indicator(sub_label)
        group_code = self.catalogue_indicator(group_label)
        if own and group_code and self._ind_parent.get(own) == group_code:
            return own, None
        for cand in (sub_core + group, group + sub_core, sub_core + strip_prefix(group)):
            code = self.indicator(cand)
            if code:
                return code, None
        code = self.pair_indicator(group_label, sub_label)
        if code:
            return code, None
        population, count = self.population(group_label)
        if population and count and sub_core in POPULATION_COUNT_WORDS:
            return count, None
        if own and self._names_group(sub_label, group_label):
            return own, None
        g, sub_label = strip_prefix(group), shown[-1]
        if population:
            own_txt = f"，不是「{self._ind_display(own)}」" if own else ""
            whose = g[:-1] if g.endswith("数") and len(g) > 2 else g   # 高新技术企业数 -> 高新技术企业的数
            return None, (f"「{sub_label}」在「{g}」之下，是{whose}的数{own_txt}；指标目录中没有{whose}的这一指标")
        if sub_item and group_code:
            own_txt = f"，不是「{self._ind_display(own)}」" if own else ""
            return None, (f"「{sub_label}」是「{g}」的其中项{own_txt}；指标目录中没有「{self._ind_display(group_code)}」"
                          f"的这一分项")
        if group_code and own and not sub_item:
            return None, (f"「{sub_label}」在「{g}」之下，是{g}的一部分，不是「{self._ind_display(own)}」；"
                          f"指标目录中没有「{self._ind_display(group_code)}」的这一分项")
        return own, None

    def _ind_display(self, code: str | None) -> str:
        hit = self.indicators.loc[self.indicators["code"] == code, "name_zh"]
        return str(hit.iloc[0]) if len(hit) else str(code or "")

    def _variants(self, label: str) -> list[str]:
        """A header cell's text (no prefix, no unit) and, when it names a catalogue indicator, that one's names."""
        core = strip_prefix(split_unit(label)[0])
        out = [core] if core else []
        code = self.catalogue_indicator(label)
        if code:
            out += [k for k in self._ind_keys.get(code, ()) if k not in out]
        return out

    def pair_indicator(self, group_label: object, sub_label: object) -> str | None:
        """The catalogue indicator a group and its sub name together (either order, any of their catalogue names):
        规模以上工业企业 + R&D经费 = 规模以上工业企业R&D经费 (IND_RD_EXP); R&D经费 + 规上工业企业 too. None: no pair."""
        for g in self._variants(norm(group_label)):
            for s in self._variants(norm(sub_label)):
                for cand in (s + g, g + s):
                    code = self._ind_names.get(cand) or self._ind_names.get(cand.lower())
                    if code:
                        return code
        return None

    def population(self, label: object) -> tuple[bool, str | None]:
        """(names a population of firms or units, its count indicator): a group header or parent row naming a
        count of units (家/个: 高新技术企业, 规上工业企业, 省级以上科技创新平台, with or without 数) or a text ending
        in 企业/公司/单位/机构 (规模以上工业企业). (False, None) for anything else (全社会, R&D经费, 本地)."""
        core = strip_prefix(split_unit(norm(label))[0])
        if not core:
            return False, None
        code = self.catalogue_indicator(core) or self.catalogue_indicator(core + "数")
        if code and self.units.get(code) in UNIT_COUNTS:
            return True, code
        return bool(POPULATION_END.search(core)), None

    def _names_group(self, sub_label: str, group_label: str) -> bool:
        """The sub's own name already holds its group's (高新技术企业数 under 高新技术企业, 其中：规模以上工业企业
        R&D经费 under R&D经费): read by its own name."""
        sub = strip_prefix(split_unit(sub_label)[0]).lower()
        names = [v.lower() for v in self._variants(group_label)]
        names += [v[:-1] for v in names if v.endswith("数") and len(v) > 3]
        return any(len(v) >= 2 and v in sub for v in names)

    def suggest(self, kind: str, label: object, n: int = 3) -> list[str]:
        """Close catalogue codes for the mapping UI (never applied automatically)."""
        s = strip_prefix(split_unit(label)[0])
        if kind == "region":
            names = {norm(r.name): r.code for r in self.regions.itertuples()
                     if self.scope_city is None or r.parent == self.scope_city or r.code == self.scope_city}
        else:  # derived indicators (with a formula) are computed, never imported: not offered
            derived = set(self.indicators.loc[self.indicators["formula"].notna(), "code"])
            names = {k: c for k, c in self._ind_names.items() if c not in derived}
        hits = difflib.get_close_matches(s, list(names), n=n * 2, cutoff=0.5)
        if kind == "region":
            # "清河经济开发区" starts with another unit's name (清河): a region whose name only partly matches
            # (河北邢台经济开发区) is another place, never offered; only regions that carry that name are
            owners = [k for k in self._region_names if len(k) >= 2 and s.startswith(k) and s != k]
            if owners:
                hits = [h for h in hits if any(k in h for k in owners)]
        out = []
        for h in hits:
            if names[h] not in out:
                out.append(names[h])
        return out[:n]

    def region_name(self, code: str | None) -> str:
        """The catalogue name of a code; "" for none (a province's missing parent is NaN in the catalogue)."""
        if not isinstance(code, str) or not code:
            return ""
        return str(self._names_by_code.get(code, code))
