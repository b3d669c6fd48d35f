"""Derived indicators computed from components by the catalogue `formula`.

A formula is an arithmetic expression over indicator codes and numbers, e.g.
"RD_EXP / GDP * 100" (operators + - * / and parentheses only; parsed with ast, never eval).
Units: each input is first converted from its catalogue unit to 万元 for money (元, 亿元 … by
indicators.conventions.MONEY_IN_YUAN; other units as they are), so a formula over 万元 figures stays right when
a component is kept in 亿元; a derived money indicator's result is converted back to its own unit.
Values are computed per (region, period, is_ytd) cell; a derived value is NaN with reason
missing_component if any component is absent or NaN there, else zero_denominator if a
divisor is 0. Ratios of 累计 components (YTD R&D / YTD GDP) are computed like any other cell.
An observed row for a derived indicator is kept as reported (official first).
"""
from __future__ import annotations

import ast
import operator

import numpy as np
import pandas as pd

from . import reasons as R
from .cube import Axis, Layout, frame_keys

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def parse_formula(formula: str) -> ast.Expression:
    tree = ast.parse(formula, mode="eval")
    for node in ast.walk(tree):
        ok = isinstance(node, (ast.Expression, ast.BinOp, ast.Name, ast.Load, ast.Constant, ast.UnaryOp,
                               ast.USub, ast.UAdd, *_OPS))
        if not ok or (isinstance(node, ast.Constant) and not isinstance(node.value, (int, float))):
            raise ValueError(f"unsupported formula element in {formula!r}")
    return tree


def components(formula: str) -> list[str]:
    """Indicator codes a formula uses, in order of first appearance."""
    seen = []
    for node in ast.walk(parse_formula(formula)):
        if isinstance(node, ast.Name) and node.id not in seen:
            seen.append(node.id)
    return seen


def evaluate(formula: str, values: dict[str, np.ndarray]):
    """Evaluate on aligned arrays. Returns (result, zero_denominator mask)."""
    zero = [None]

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Name):
            return np.asarray(values[node.id], dtype=float)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.UnaryOp):
            x = ev(node.operand)
            return -x if isinstance(node.op, ast.USub) else x
        left, right = ev(node.left), ev(node.right)
        if isinstance(node.op, ast.Div):
            z = np.asarray(right) == 0
            zero[0] = z if zero[0] is None else (zero[0] | z)
            with np.errstate(divide="ignore", invalid="ignore"):
                return left / np.where(z, np.nan, right)
        return _OPS[type(node.op)](left, right)

    result = ev(parse_formula(formula))
    z = zero[0] if zero[0] is not None else np.zeros(np.shape(result), dtype=bool)
    return np.asarray(result, dtype=float), np.broadcast_to(z, np.shape(result))


def unit_factors(indicators: pd.DataFrame) -> dict[str, float]:
    """code -> the factor that brings a figure in the indicator's catalogue unit to the formulas' common money
    unit, 万元 (亿元: 10000, 元: 0.0001; every other unit: 1). Formulas are written over figures in 万元, so
    "RD_EXP / GDP * 100" is right whether GDP is kept in 万元 or 亿元; a derived money indicator's result is
    brought back from 万元 to its own unit (`evaluate_in_units`)."""
    from .conventions import MONEY_IN_YUAN

    if "unit" not in indicators.columns:
        return {}
    wan = MONEY_IN_YUAN["万元"]
    return {str(c): MONEY_IN_YUAN[str(u)] / wan for c, u in zip(indicators["code"], indicators["unit"])
            if str(u) in MONEY_IN_YUAN and str(u) != "万元"}


def evaluate_in_units(code: str, formula: str, values: dict[str, np.ndarray], factors: dict[str, float]):
    """`evaluate` with each input first converted to 万元 (`unit_factors`) and the result converted to the
    derived indicator's own unit. Returns (result, zero_denominator mask)."""
    scaled = {c: (np.asarray(v, dtype=float) * factors[c] if c in factors else v) for c, v in values.items()}
    result, zero = evaluate(formula, scaled)
    return (result / factors[code] if code in factors else result), zero


def formulas_in_order(indicators: pd.DataFrame) -> list[tuple[str, str]]:
    """(code, formula) for derived indicators, ordered so components come first."""
    todo = {str(c): str(f) for c, f in zip(indicators["code"], indicators["formula"])
            if isinstance(f, str) and f.strip()}
    done, order = set(), []
    while todo:
        ready = [c for c, f in todo.items() if not (set(components(f)) & set(todo))]
        if not ready:
            raise ValueError(f"circular formulas: {sorted(todo)}")
        for c in ready:
            order.append((c, todo.pop(c)))
            done.add(c)
    return order


def derive_cube(cube: np.ndarray, present: np.ndarray, flags: np.ndarray, layout: Layout,
                indicators: pd.DataFrame, ind_axis: Axis):
    """Fill derived indicators into the cube in place, where no observed cell exists.

    flags: uint8 cube of cell flags (bit 1 = de-cumulated, bit 2 = formula-derived) also updated.
    Returns a dict code -> (cell mask, reason code cube) for the cells it created.
    """
    made = {}
    factors = unit_factors(indicators)  # inputs in the catalogue's units, converted before the formula
    for code, formula in formulas_in_order(indicators):
        comps = components(formula)
        if any(c not in ind_axis.pos for c in comps):
            continue  # a component no row carries: nothing to compute
        if code not in ind_axis.pos:
            raise ValueError(f"derived indicator {code} missing from the indicator axis")
        d = ind_axis.pos[code]
        vals = {c: cube[ind_axis.pos[c]] for c in comps}
        any_present = np.zeros(cube.shape[1:], dtype=bool)
        all_ok = np.ones(cube.shape[1:], dtype=bool)
        from_ytd = np.zeros(cube.shape[1:], dtype=bool)
        for c in comps:
            i = ind_axis.pos[c]
            any_present |= present[i]
            all_ok &= present[i] & np.isfinite(cube[i])
            from_ytd |= (flags[i] & 1).astype(bool)
        result, zero = evaluate_in_units(code, formula, vals, factors)
        reason = np.where(~all_ok, R.CODE[R.MISSING_COMPONENT],
                          np.where(zero, R.CODE[R.ZERO_DENOMINATOR], 0)).astype(np.int8)
        result = np.where((reason == 0) & np.isfinite(result), result, np.nan)
        new = any_present & ~present[d]
        cube[d][new] = result[new]
        present[d] |= new
        flags[d][new] = np.where(from_ytd[new], 3, 2).astype(np.uint8)
        made[code] = (new, reason)
    return made


def compute_derived(obs: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Derived-indicator rows computed from the component rows of `obs`.

    Input: long frame (indicator, region, period, is_ytd, value); indicators: catalogue
    (code, formula). Output: indicator, region, period, period_kind, is_ytd, value,
    value_reason (missing_component | zero_denominator) for every cell where at least one
    component has a row and the derived indicator itself has none; sorted by key.
    """
    cols = ["indicator", "region", "period", "period_kind", "is_ytd", "value", "value_reason"]
    ind_axis, reg_axis = Axis(indicators["code"].astype(str)), Axis()
    if not len(obs):
        return _empty(cols)
    keys = frame_keys(obs, ind_axis, reg_axis)
    layout = Layout.from_keys([keys], ind_axis, reg_axis, single_families=False)
    cube = np.full(layout.shape, np.nan)
    present = np.zeros(layout.shape, dtype=bool)
    flags = np.zeros(layout.shape, dtype=np.uint8)
    flat = layout.flat(keys)
    cube.reshape(-1)[flat] = obs["value"].to_numpy(dtype=float, na_value=np.nan)
    present.reshape(-1)[flat] = True
    made = derive_cube(cube, present, flags, layout, indicators, ind_axis)
    parts = []
    for code, (new, reason) in made.items():
        rr, ss = np.nonzero(new)
        parts.append(pd.DataFrame({
            "indicator": code, "region": np.array(layout.regions, dtype=object)[rr],
            "period": layout.slot["label"][ss],
            "period_kind": np.array(["Y", "Q", "M"], dtype=object)[layout.slot["kind"][ss]],
            "is_ytd": layout.slot["ytd"][ss], "value": cube[ind_axis.pos[code]][rr, ss],
            "value_reason": R.to_categorical(reason[rr, ss]),
        }))
    if not parts:
        return _empty(cols)
    out = pd.concat(parts, ignore_index=True)
    for c in ("indicator", "region", "period", "period_kind"):
        out[c] = out[c].astype("string")
    return out.sort_values(["indicator", "region", "period", "is_ytd"], kind="stable").reset_index(drop=True)


def _empty(cols):
    out = pd.DataFrame({c: pd.Series(dtype="string") for c in cols[:4]})
    out["is_ytd"] = pd.Series(dtype=bool)
    out["value"] = pd.Series(dtype=float)
    out["value_reason"] = pd.Series(pd.Categorical([], dtype=R.REASON_DTYPE))
    return out


def propagate_breaks(annotations: pd.DataFrame | None, indicators: pd.DataFrame) -> pd.DataFrame | None:
    """Series breaks also break every indicator derived from the broken one (R&D intensity from R&D).

    A 口径调整 in a component makes the derived ratio incomparable across the break too, so its
    同比/百分点 change is suppressed with the same reason. Returns annotations with the extra rows.
    """
    if annotations is None or not len(annotations):
        return annotations
    breaks = annotations[annotations["kind"].astype("string") == "series_break"]
    if not len(breaks):
        return annotations
    uses = {code: set(components(f)) for code, f in formulas_in_order(indicators)}
    extra = []
    for row in breaks.itertuples(index=False):
        broken = {str(row.indicator)}
        changed = True
        while changed:  # derived-from-derived, to any depth
            changed = False
            for code, parts in uses.items():
                if code not in broken and parts & broken:
                    broken.add(code)
                    changed = True
        for code in sorted(broken - {str(row.indicator)}):
            extra.append(row._replace(indicator=code))
    if not extra:
        return annotations
    out = pd.concat([annotations, pd.DataFrame(extra, columns=annotations.columns)], ignore_index=True)
    return out.astype(annotations.dtypes.to_dict())
