"""Definitions where people look (figures.definitions.definition): definition, 口径, formula, source and unit from
the catalogue, zh and en, as the 定义与口径 panel under charts and cards shows them. Literal expected texts."""
from __future__ import annotations

import pytest

from data.errors import UserError
from figures.definitions import definition


def test_a_flow_a_stock_and_a_ratio_in_chinese():
    assert definition("RD_EXP", "zh") == {
        "code": "RD_EXP", "name": "研究与试验发展(R&D)经费", "definition": "全社会研究与试验发展经费内部支出。",
        "caliber": "季度、月度数为本年1月起的累计数（1—N季度/月）。全市合计含各县（市、区）和开发区。",
        "source": "省统计局 R&D 统计", "unit": "万元", "formula": ""}
    hnte = definition("HNTE", "zh")
    assert hnte["caliber"] == "季度、月度数为期末数（季末、月末时点数）。全市合计含各县（市、区）和开发区。"
    assert hnte["unit"] == "家"
    ratio = definition("RD_INTENSITY", "zh")
    assert ratio["formula"] == "R&D经费 ÷ GDP × 100"
    assert ratio["caliber"] == "季度、月度数为本年1月起的累计数（1—N季度/月）。由系统按公式计算，各项先换算为指标目录的计量单位。"
    share = definition("IND_RD_FIRM_SHARE", "zh")  # a ratio of stocks: period-end
    assert share["caliber"].startswith("季度、月度数为期末数")


def test_english_and_unknown_codes():
    en = definition("RD_INTENSITY", "en")
    assert (en["name"], en["unit"], en["formula"]) == (
        "R&D intensity (% of GDP)", "%", "R&D expenditure ÷ Gross regional product × 100")
    assert en["source"] == "computed from R&D expenditure and Gross regional product"
    assert definition("RD_EXP", "en")["unit"] == "10k yuan"
    with pytest.raises(UserError):
        definition("NO_SUCH", "zh")
