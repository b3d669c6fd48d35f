"""总览: the home county's latest key figures, read from the store when the page renders."""
from __future__ import annotations

import dash
import dash_mantine_components as dmc

from data.catalogue import load_indicators, load_regions
from layouts.i18n import t
from layouts.queries import home_region, published


def register() -> None:
    dash.register_page("overview", path="/", name="总览", title="总览 · 县域科技指标看板", layout=layout)


def layout(lang: str = "zh", **_query) -> dmc.Stack:
    region = home_region()
    regions = load_regions().set_index("code")
    inds = load_indicators()
    key = inds[inds["key"] & inds["formula"].isna()]
    obs = published(indicators=list(key["code"]), regions=[region])
    annual = obs[(obs["period_kind"] == "Y") & obs["value"].notna()]
    latest = annual.sort_values("period").groupby("indicator").tail(1).set_index("indicator")
    rows = []
    for ind in key.itertuples():
        if ind.code not in latest.index:
            continue
        r = latest.loc[ind.code]
        rows.append(dmc.TableTr([dmc.TableTd(ind.name_zh if lang == "zh" else ind.name_en),
                                 dmc.TableTd(r["period"]), dmc.TableTd(f"{r['value']:,.{ind.decimals}f}"),
                                 dmc.TableTd(ind.unit)]))
    name = regions.loc[region, "name"] if region in regions.index else region
    return dmc.Stack([
        dmc.Title(t("overview.heading", lang, region=name), order=2),
        dmc.Table([dmc.TableThead(dmc.TableTr([dmc.TableTh(t(k, lang)) for k in
                                               ("col.indicator", "col.period", "col.value", "col.unit")])),
                   dmc.TableTbody(rows)], id="overview-table", striped=True, highlightOnHover=True)
        if rows else dmc.Text(t("empty.no_data", lang)),
    ])
