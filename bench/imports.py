"""Benchmark of the Excel import.

Measures (median of 3 unless said):
  parse_to_preview_s  a 100k-row long-form .xlsx: sniff, read (calamine), layout, match, clean,
                      validate and preview against a store holding demo data (SQLite)
  wide_report_ms      an 18-county × 40-column city report (two-row merged header, 合计 row,
                      notes), end to end through the same pipeline
  publish_sqlite_s    create_revision (bulk insert) + submit + publish of 100k rows, one transaction
  publish_postgres_s  the same on PostgreSQL (TEST_DATABASE_URL; skipped when unset, said so)
  reader_calamine_s   the bare reader alone on the 100k-row file: python-calamine's cells as Python values,
                      the importer's input (the floor under parse_to_preview_s)
  reader_fastexcel_s  fastexcel's typed Arrow columns of the same file (one type per column: a cell's own
                      type, which the importer's checks need, is lost in a mixed column)
Baseline: pandas.read_excel(engine="openpyxl") of the same file plus row-by-row ORM inserts
(one INSERT statement per row) on SQLite. The ORM insert runs on a 5k-row sample and is
extrapolated linearly to 100k rows (said so in the output).
Last line: one JSON object (with load_1m: the 1-minute load average at the start and the end; on a
shared machine the figures mean little without it).

Run: .venv/bin/python bench/imports.py [--rows N]   (N ≥ 5,000; default 100,000)
"""
from __future__ import annotations

import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data import schema, store  # noqa: E402
from data.bootstrap import ensure_database  # noqa: E402
from data.catalogue import load_indicators, load_regions  # noqa: E402
from data.db import make_engine, reading  # noqa: E402
from data.imports import service  # noqa: E402

ROWS = 100_000


def typical_values() -> dict[str, float]:
    """Median demo figure per indicator, so synthetic values sit on a realistic scale."""
    from data import demo

    d = demo.demo_observations()
    d = d[d["value"].notna() & (d["period_kind"] == "Y")]
    return d.groupby("indicator")["value"].median().to_dict()


def long_workbook(n: int) -> bytes:
    import xlsxwriter

    inds = load_indicators()
    inds = inds[inds["formula"].isna()]
    regs = load_regions()
    regs = regs[regs["level"] == "county"]
    rng = np.random.default_rng(1)
    bio = io.BytesIO()
    wb = xlsxwriter.Workbook(bio, {"in_memory": True, "constant_memory": True})
    ws = wb.add_worksheet("数据")
    ws.write_row(0, 0, ["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"])
    typical = typical_values()
    scale = np.array([typical.get(c, 100.0) for c in inds["code"]])
    codes, names = regs["code"].to_numpy(), regs["name"].to_numpy()
    icodes, inames, units = inds["code"].to_numpy(), inds["name_zh"].to_numpy(), inds["unit"].to_numpy()
    # Unique keys: region × indicator × year (1900..) so nothing clashes with demo history.
    # a 其中 item (catalogue parent) never above its whole: validate refuses that (part_above_whole)
    pos = {c: i for i, c in enumerate(icodes)}
    whole = np.array([pos.get(p, -1) if isinstance(p, str) else -1 for p in inds["parent"]])
    r = 1
    for year in range(1900, 2100):
        for ri in range(len(codes)):
            values = np.round(scale * rng.uniform(0.8, 1.2, len(icodes)))
            values = np.where(whole >= 0, np.minimum(values, values[np.maximum(whole, 0)]), values)
            for ii in range(len(icodes)):
                if r > n:
                    break
                ws.write_row(r, 0, [codes[ri], names[ri], icodes[ii], inames[ii], str(year), "否",
                                    float(values[ii]), units[ii], "正式", ""])
                r += 1
            if r > n:
                break
        if r > n:
            break
    wb.close()
    return bio.getvalue()


def wide_workbook(counties: int = 18, cols: int = 40) -> bytes:
    import openpyxl

    inds = load_indicators()
    inds = inds[inds["formula"].isna()].reset_index(drop=True)
    typical = typical_values()
    regs = load_regions()
    regs = regs[(regs["parent"] == "130500") & (regs["level"] == "county")].head(counties)
    wb = openpyxl.Workbook()
    ws = wb.active
    # a half year before the demo history (2019–): its synthetic figures (annual medians) are no 1—6月 of a year whose
    # 1—9月 the demo store holds, which the 累计 order check (validate._ytd_out_of_order) rightly refuses
    ws["A1"] = "邢台市2018年1-6月县域科技创新主要指标"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=cols + 2)
    ws["A2"] = "填报单位：邢台市科学技术局"
    ws["A3"], ws["B3"] = "序号", "县（市、区）"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    for j in range(cols):  # indicators twice: 本期 and 同比增长% columns under a merged group
        ind = inds.iloc[j // 2 % len(inds)]
        c = 3 + j
        if j % 2 == 0:
            ws.cell(3, c, f"{ind.name_zh}（{ind.unit}）")
            ws.merge_cells(start_row=3, start_column=c, end_row=3, end_column=c + 1)
            ws.cell(4, c, "本期" if j // 2 < len(inds) else f"{2023 - j // 2 // len(inds)}年")
        else:
            ws.cell(4, c, "同比增长%")
    for i, name in enumerate(regs["name"]):
        ws.cell(5 + i, 1, i + 1)
        ws.cell(5 + i, 2, name)
        for j in range(cols):
            ind = inds.iloc[j // 2 % len(inds)]
            ws.cell(5 + i, 3 + j, float(round(typical.get(ind.code, 100.0) * (1 + i / 100))) if j % 2 == 0 else 5.0)
    ws.cell(6 + counties, 1, "注：快报数据。")
    ws.cell(7 + counties, 1, "填表人：张三")
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


def reader_floor(data: bytes) -> tuple[float, float]:
    """Median seconds of the bare readers on the workbook: python-calamine's sheet as Python cells (what
    data.imports.read builds its grid from, before any check of ours) and fastexcel's typed columns (the
    fastest reader here, which keeps one type per column, not per cell). The floor under parse→preview."""
    import fastexcel
    import python_calamine as pc

    def calamine():
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)

    def typed():
        return fastexcel.read_excel(data).load_sheet(0, header_row=None).to_arrow()
    return timed(calamine)[0], timed(typed)[0]


def timed(fn, repeat=3):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def publish_once(engine, obs) -> float:
    t = time.perf_counter()
    with engine.begin() as conn:
        rev = store.create_revision(conn, obs, created_by="bench")
        store.submit(conn, rev, "bench")
        store.publish(conn, rev, "approver")
    return time.perf_counter() - t


def pg_engine():
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        return None, None
    import uuid

    from sqlalchemy import create_engine, text

    from server.settings import normalise_db_url

    admin = create_engine(normalise_db_url(url), isolation_level="AUTOCOMMIT")
    name = "bench_" + uuid.uuid4().hex[:8]
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    base = normalise_db_url(url).rsplit("/", 1)[0]
    return make_engine(f"{base}/{name}"), (admin, name)


def main() -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Benchmark of the Excel import.")
    ap.add_argument("--rows", type=int, default=ROWS, help=f"rows of the long-form workbook (default {ROWS:,})")
    rows = ap.parse_args().rows
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as tmp:  # its SQLite files: ~40 MB, removed after
        return run(Path(tmp), rows)


def run(tmp: Path, rows: int) -> int:
    """The benchmark, its databases in the folder tmp."""
    load_start = os.getloadavg()[0]  # the machine is shared: the figures carry the load they ran under
    engine = make_engine(f"sqlite:///{tmp / 'bench.sqlite'}")
    ensure_database(engine, load_demo=True)
    print(f"building a {rows:,}-row long-form workbook…", flush=True)
    data = long_workbook(rows)
    print(f"  {len(data) / 1e6:.1f} MB", flush=True)

    def pipeline():
        with reading(engine) as conn:
            return service.analyse(conn, [("long.xlsx", data)], max_bytes=200 * 1024 * 1024)
    parse_s, result = timed(pipeline)
    assert len(result.obs) == rows, (len(result.obs), result.problems.head())
    assert result.errors.empty, result.errors[["rule", "cell", "message_zh"]].head()   # an import that would be accepted
    print(f"parse→validate→preview {rows:,} rows: {parse_s:.2f} s  (errors {len(result.errors)}, "
          f"warnings {len(result.warnings)}; stages {({k: round(v, 2) for k, v in result.timings.items()})})")

    calamine_s, fastexcel_s = reader_floor(data)
    print(f"the readers alone on the same file: python-calamine {calamine_s:.2f} s (every cell as its Python value "
          f"and type: the importer's input); fastexcel {fastexcel_s:.2f} s (typed Arrow columns: a column mixing "
          f"text and numbers becomes text, so a cell's own type is lost)")

    wide = wide_workbook()

    def wide_run():
        with reading(engine) as conn:
            return service.analyse(conn, [("wide.xlsx", wide)])
    wide_s, wres = timed(wide_run, repeat=5)
    print(f"wide 18×40 city report end to end: {wide_s * 1000:.0f} ms  ({len(wres.obs)} figures, "
          f"{len(wres.errors)} errors, {len(wres.warnings)} warnings)")

    from data.frames import OBS_COLUMNS, conform

    obs = conform(result.obs, OBS_COLUMNS)
    pub_sqlite = []
    for i in range(3):
        e = make_engine(f"sqlite:///{tmp / f'pub{i}.sqlite'}")
        ensure_database(e, load_demo=False)
        pub_sqlite.append(publish_once(e, obs))
        e.dispose()
    publish_sqlite_s = statistics.median(pub_sqlite)
    print(f"publish {rows:,} rows, SQLite: {publish_sqlite_s:.2f} s")

    publish_pg_s = None
    pe, handle = pg_engine()
    if pe is None:
        print("publish PostgreSQL: skipped (TEST_DATABASE_URL is not set)")
    else:
        try:
            ensure_database(pe, load_demo=False)
            pub = [publish_once(pe, obs.assign(period=obs["period"].str.replace("^1", str(k + 3), regex=True)))
                   for k in range(3)]
            publish_pg_s = statistics.median(pub)
            print(f"publish {rows:,} rows, PostgreSQL (COPY): {publish_pg_s:.2f} s")
        finally:
            pe.dispose()
            from sqlalchemy import text

            admin, name = handle
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORMAT_PLACEHOLDER)'.replace(
                    " WITH (FORMAT_PLACEHOLDER)", " WITH (FORCE)")))
            admin.dispose()

    # Baseline: openpyxl reader + one ORM INSERT per row.
    t = time.perf_counter()
    pd.read_excel(io.BytesIO(data), engine="openpyxl", header=0, dtype=str)
    base_read = time.perf_counter() - t
    sample = 5_000
    e = make_engine(f"sqlite:///{tmp / 'baseline.sqlite'}")
    ensure_database(e, load_demo=False)
    sample_obs = obs.head(sample)
    t = time.perf_counter()
    with e.begin() as conn:
        rev = conn.execute(schema.revisions.insert().values(kind="import", status="draft", created_at=store.now(),
                                                            row_count=sample).returning(schema.revisions.c.id)).scalar_one()
        for r in sample_obs.itertuples(index=False):
            conn.execute(schema.observations.insert().values(
                revision_id=rev, indicator=r.indicator, region=r.region, period=r.period, period_kind=r.period_kind,
                is_ytd=bool(r.is_ytd), value=None if pd.isna(r.value) else float(r.value), status=r.status))
    base_insert = (time.perf_counter() - t) * rows / sample
    baseline = base_read + base_insert
    ours = parse_s + publish_sqlite_s
    print(f"baseline: read_excel(openpyxl) {base_read:.2f} s + row-by-row ORM inserts {base_insert:.2f} s "
          f"(measured on {sample:,} rows, extrapolated ×{rows // sample}) = {baseline:.2f} s; "
          f"ours parse→preview + publish = {ours:.2f} s")
    out = {"rows": rows, "parse_to_preview_s": round(parse_s, 3), "publish_sqlite_s": round(publish_sqlite_s, 3),
           "publish_postgres_s": None if publish_pg_s is None else round(publish_pg_s, 3),
           "reader_calamine_s": round(calamine_s, 3), "reader_fastexcel_s": round(fastexcel_s, 3),
           "wide_report_ms": round(wide_s * 1000, 1), "speedup_vs_baseline": round(baseline / ours, 1),
           "baseline_s": round(baseline, 2), "baseline_insert_extrapolated_from": sample,
           "load_1m": [round(load_start, 2), round(os.getloadavg()[0], 2)]}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
