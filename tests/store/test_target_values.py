"""A target is read exactly or refused, never stored after dropping what could not be read (tg7 break test, fault 2:
"5亿" stored 5万元, "1e12" 112万元, "１２３" nothing, 0 and -5 accepted). One reader (data.targets.parse_target, the
importer's number rules), one gate (data.store.set_target → check_target). Literal expected values."""
from __future__ import annotations

import math

import pytest

from data.errors import UserError
from data.targets import check_target, parse_target


@pytest.mark.parametrize(("typed", "indicator", "shown", "stored"), [
    ("5亿", "RD_EXP", "万元", 50000.0),
    ("5亿元", "RD_EXP", "万元", 50000.0),
    ("50000万元", "RD_EXP", "亿元", 50000.0),
    ("50,000万元", "RD_EXP", "万元", 50000.0),
    ("２２，０００", "RD_EXP", "万元", 22000.0),      # full-width digits and comma
    ("１２３", "RD_EXP", "万元", 123.0),
    ("2.2", "RD_EXP", "亿元", 22000.0),               # a bare figure is in the unit the page shows
    ("22,000", "RD_EXP", "万元", 22000.0),
    ("0.9", "RD_INTENSITY", "%", 0.9),
    ("0.90%", "RD_INTENSITY", "%", 0.9),
    ("98家", "HNTE", "家", 98.0),
    ("98个", "HNTE", "家", 98.0),
    (" ９８ ", "HNTE", "家", 98.0),
])
def test_typed_targets_read_exactly(typed, indicator, shown, stored):
    assert parse_target(typed, indicator, shown) == stored


@pytest.mark.parametrize(("typed", "indicator", "shown", "zh"), [
    ("1e12", "RD_EXP", "万元", "目标值：1000000000000万元超出合理范围（不超过100000000万元），请检查单位和位数"),
    ("22000", "RD_EXP", "亿元", "目标值：220000000万元超出合理范围（不超过100000000万元），请检查单位和位数"),
    ("0", "RD_EXP", "万元", "目标值：须大于0（填写的是0）；不设目标请不要保存"),
    ("-5", "TECH_CONTRACT", "万元", "目标值：须大于0（填写的是-5）；不设目标请不要保存"),
    ("abc", "RD_EXP", "万元", "目标值：“abc”不是数字，请只填数字（可带千分位逗号或单位，如 22000、2.2亿元）"),
    ("1,2,3", "RD_EXP", "万元", "目标值：“1,2,3”不是数字，请只填数字（可带千分位逗号或单位，如 22000、2.2亿元）"),
    ("inf", "RD_EXP", "万元", "目标值：“inf”不是数字，请只填数字（可带千分位逗号或单位，如 22000、2.2亿元）"),
    ("nan", "RD_EXP", "万元", "目标值：“nan”不是数字，请只填数字（可带千分位逗号或单位，如 22000、2.2亿元）"),
    ("1e400", "RD_EXP", "万元", "目标值：“1e400”不是数字，请只填数字（可带千分位逗号或单位，如 22000、2.2亿元）"),
    ("", "RD_EXP", "万元", "目标值：请填写（单位万元，如 22000、2.2亿元）"),
    ("5千", "RD_EXP", "万元", "目标值：单位“千”不能用于本指标（单位万元），请按万元填写或去掉单位"),
    ("5万美元", "RD_EXP", "万元", "目标值：单位“万美元”不能用于本指标（单位万元），请按万元填写或去掉单位"),
    ("5亿", "RD_INTENSITY", "%", "目标值：单位“亿”不能用于本指标（单位%），请按%填写或去掉单位"),
    ("98人", "HNTE", "家", "目标值：单位“人”不能用于本指标（单位家），请按家填写或去掉单位"),
    ("150", "RD_INTENSITY", "%", "目标值：150.00%超出合理范围（不超过100.00%），请检查单位和位数"),
    ("0.905", "RD_INTENSITY", "%", "目标值：本指标按%显示到2位小数，请填写到2位小数（目标以显示值为准）"),
    ("2.23456亿", "RD_EXP", "万元", "目标值：本指标按万元显示到整数，请填写到整数（目标以显示值为准）"),
])
def test_unreadable_targets_are_refused_naming_the_field(typed, indicator, shown, zh):
    with pytest.raises(UserError) as exc:
        parse_target(typed, indicator, shown)
    assert exc.value.message_zh == zh and exc.value.status == 400
    assert exc.value.message_en.startswith("Target: ")


def test_a_unit_slip_against_the_latest_figure_is_refused():
    # 清河县 R&D经费 is about 16000万元: "2.2" typed while the switch shows 万元 is 2.2万元, a 亿元 slip
    with pytest.raises(UserError) as exc:
        check_target("RD_EXP", 2.2, reference=15898.0)
    assert exc.value.message_zh == "目标值：2.2万元与该地区最近的实际值15898万元相差百倍以上，请检查单位（万元/亿元）和位数"
    assert check_target("RD_EXP", 22000.0, reference=15898.0) == 22000.0


@pytest.mark.parametrize("value", [0.0, -5.0, math.inf, 1e12])
def test_the_store_refuses_what_no_target_may_be(migrated, value):
    from data import store

    with pytest.raises(UserError) as exc, migrated.begin() as conn:
        store.set_target(conn, "TECH_CONTRACT", "130534", 2026, value, "admin")
    assert exc.value.message_zh.startswith("目标值：")
    with migrated.connect() as conn:
        assert store.current_targets(conn).empty


def test_numpy_scalars_are_numbers_and_a_year_must_be_ascii_digits():
    """review: check_target refused np.int64(98) (a value read from a frame) as "not a finite number"; check_year("²")
    raised ValueError (a 500) because "²".isdigit() is True."""
    import numpy as np

    from data.targets import check_year

    assert check_target("HNTE", np.int64(98)) == 98.0
    assert check_target("RD_EXP", np.float32(22000.0)) == 22000.0
    with pytest.raises(UserError):
        check_target("HNTE", np.bool_(True))
    assert check_year(" 2026 ") == 2026
    for bad in ("²", "２０２６", "1999", "20x6"):
        with pytest.raises(UserError) as err:
            check_year(bad)
        assert err.value.message_zh.startswith("目标年度：")
