"""Export timings on the demo data, through the real routes (Flask test client, one process).

`python bench/exports.py` prints progress, then, as its last line, one JSON object:
deck_10_slides_s (median of 3; the key indicators' deck: title, summary, charts, targets, trend),
brief_docx_s / brief_pdf_s / brief_onepage_pdf_s (median of 3; the PDF starts one Chromium each), png_cold_s (first chart: starts Chromium), png_warm_s (median of
10 once warm), svg_warm_s, xlsx_s / csv_s (all observations), datapackage_s.
"""
from __future__ import annotations

import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(client, url: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    resp = client.get(url)
    elapsed = time.perf_counter() - start
    if resp.status_code != 200:
        raise SystemExit(f"{url}: HTTP {resp.status_code} {resp.data[:300]!r}")
    return elapsed, resp.data


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as instance:  # removed after, with its database
        run(Path(instance))


def run(instance: Path) -> None:
    """The benchmark on a fresh instance in the folder `instance` (demo data)."""
    from pptx import Presentation
    from PIL import Image

    from app import create_app
    from data.catalogue import load_indicators
    from server.settings import Settings

    # PUBLIC_VIEW: the bench measures exports, not logins.
    app = create_app(Settings(instance_path=instance, public_view=True))
    client = app.server.test_client()
    cat = load_indicators()
    codes = list(cat.loc[cat["key"], "code"])[:8]
    deck_url = f"/export/deck.pptx?indicators={','.join(codes)}&period=2023&lang=zh"
    client.get("/export/table.csv?indicator=RD_EXP")  # the analysis snapshot, built once per data version

    deck_times = []
    for _ in range(3):
        t, body = timed(client, deck_url)
        deck_times.append(t)
    slides = len(Presentation(io.BytesIO(body)).slides)
    print(f"deck: {slides} slides, {[round(x, 3) for x in deck_times]} s", flush=True)

    full_deck = [timed(client, "/export/deck.pptx?period=2025&lang=zh")[0] for _ in range(3)]
    docx_times = [timed(client, "/export/brief.docx?period=2025")[0] for _ in range(3)]
    pdf_times = [timed(client, "/export/brief.pdf?period=2025")[0] for _ in range(3)]
    onepage_times = [timed(client, "/export/brief.pdf?period=2025&layout=onepage")[0] for _ in range(3)]
    print(f"deck (all key indicators): {[round(x, 3) for x in full_deck]} s; brief.docx {[round(x, 3) for x in docx_times]} s;"
          f" brief.pdf {[round(x, 3) for x in pdf_times]} s; one-page pdf {[round(x, 3) for x in onepage_times]} s",
          flush=True)

    png_cold, body = timed(client, "/export/chart.png?indicator=RD_EXP&period=2023")
    size = Image.open(io.BytesIO(body)).size
    png_warm = [timed(client, f"/export/chart.png?indicator={codes[i % len(codes)]}&period=2023")[0] for i in range(10)]
    svg_warm = [timed(client, f"/export/chart.svg?indicator={codes[i % len(codes)]}&period=2023")[0] for i in range(5)]
    print(f"png: cold {png_cold:.3f} s, warm {[round(x, 3) for x in png_warm]} s, size {size}", flush=True)

    xlsx_s, xlsx = timed(client, "/export/table.xlsx")
    csv_s, _ = timed(client, "/export/table.csv")
    dp_s, _ = timed(client, "/export/datapackage.zip")
    result = {
        "deck_10_slides_s": round(statistics.median(deck_times), 3),
        "deck_slides": slides,
        "deck_key_indicators_s": round(statistics.median(full_deck), 3),
        "brief_docx_s": round(statistics.median(docx_times), 3),
        "brief_pdf_s": round(statistics.median(pdf_times), 3),
        "brief_onepage_pdf_s": round(statistics.median(onepage_times), 3),
        "png_cold_s": round(png_cold, 3),
        "png_warm_s": round(statistics.median(png_warm), 3),
        "png_warm_max_s": round(max(png_warm), 3),
        "svg_warm_s": round(statistics.median(svg_warm), 3),
        "xlsx_s": round(xlsx_s, 3),
        "xlsx_bytes": len(xlsx),
        "csv_s": round(csv_s, 3),
        "datapackage_s": round(dp_s, 3),
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
