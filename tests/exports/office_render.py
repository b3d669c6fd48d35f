"""Render .docx/.pptx to PDF and PNG pages with LibreOffice headless (Debian's libreoffice-writer and
-impress, installed by scripts/test.sh), and measure where the text landed (pypdfium2)."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest


@dataclass
class Rendered:
    pdf: Path
    pngs: list[Path]
    page_sizes: list[tuple[float, float]]  # points
    text_outside: list[tuple[int, str]]  # (page, text) of characters drawn outside their page
    texts: list[str]  # the text of each page


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.fail("LibreOffice is missing: run ./scripts/test.sh, which installs libreoffice-writer/-impress")
    return path


def render(document: Path, out_dir: Path, scale: float = 1.0) -> Rendered:
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{out_dir}/lo-profile",
           "--convert-to", "pdf", "--outdir", str(out_dir), str(document)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    pdf_path = out_dir / (document.stem + ".pdf")
    assert pdf_path.exists(), f"LibreOffice wrote no PDF for {document.name}"
    return rasterise(pdf_path, out_dir, scale)


def rasterise(pdf_path: Path, out_dir: Path, scale: float = 1.0) -> Rendered:
    pdf = pdfium.PdfDocument(str(pdf_path))
    pngs, sizes, outside, texts = [], [], [], []
    for i in range(len(pdf)):
        page = pdf[i]
        w, h = page.get_size()
        sizes.append((w, h))
        png = out_dir / f"{pdf_path.stem}-{i + 1}.png"
        page.render(scale=scale).to_pil().save(png)
        pngs.append(png)
        tp = page.get_textpage()
        text = tp.get_text_range()
        texts.append(text)
        for c in range(tp.count_chars()):
            left, bottom, right, top = tp.get_charbox(c)
            if right - left <= 0:  # spaces and line breaks carry no box
                continue
            if left < -0.5 or bottom < -0.5 or right > w + 0.5 or top > h + 0.5:
                outside.append((i + 1, tp.get_text_range(c, 1)))
    return Rendered(pdf_path, pngs, sizes, outside, texts)
