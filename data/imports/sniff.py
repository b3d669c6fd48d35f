"""Recognise what an uploaded file really is before any parser touches it.

Extensions lie (a CSV or an HTML page saved as .xlsx), so the magic bytes decide. Archives are
checked against zip bombs from their directory alone, before anything is decompressed.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from data.errors import UserError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_UNZIPPED = 200 * 1024 * 1024  # total decompressed size of an .xlsx
MAX_RATIO = 200                    # per member, for members above 1 MB decompressed
EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".csv": "csv", ".txt": "csv"}


def too_big(name: str, size: int, max_bytes: int) -> UserError:
    """The one message for a file over MAX_UPLOAD_MB (page, API and CLI say the same; 413)."""
    mb, limit_mb = size / 1024 / 1024, max_bytes / 1024 / 1024
    return UserError(f"文件「{name}」大小 {mb:.1f} MB，超过 {limit_mb:.0f} MB 的上限。请删去无关工作表或分批上传。",
                     f"File {name} is {mb:.1f} MB, above the {limit_mb:.0f} MB limit; remove unneeded sheets or "
                     "split it.", status=413, detail={"limit_mb": round(limit_mb), "bytes": size})


def sniff(data: bytes, filename: str, *, max_bytes: int | None = None) -> str:
    """Return "xlsx", "xls" or "csv" for a file we can read; raise UserError for anything else."""
    name = PurePath(filename or "upload").name
    ext = PurePath(name.lower()).suffix
    if not data:
        raise UserError(f"文件「{name}」是空文件。", f"File {name} is empty.")
    if max_bytes and len(data) > max_bytes:
        raise too_big(name, len(data), max_bytes)
    if ext not in EXTENSIONS:
        raise UserError(f"不支持的文件类型「{ext or '无扩展名'}」。请上传 .xlsx、.xlsm、.xls 或 .csv 文件。",
                        f"Unsupported file type {ext or '(none)'}; upload .xlsx, .xlsm, .xls or .csv.")
    if data.startswith(ZIP_MAGIC):
        _check_zip(data, name)
        if EXTENSIONS[ext] != "xlsx":
            raise UserError(f"文件「{name}」的内容是 .xlsx 格式，但扩展名是 {ext}。请把扩展名改为 .xlsx 后再上传。",
                            f"{name} contains an .xlsx workbook but is named {ext}.")
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UserError(f"文件「{name}」设置了打开密码，系统无法读取。请在 Excel 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存再上传。",
                            f"{name} is password-protected; remove the password and save again.")
        if EXTENSIONS[ext] == "csv":
            raise UserError(f"文件「{name}」实际是 .xls 格式，请把扩展名改为 .xls。", f"{name} is an .xls workbook.")
        if ext in (".xlsx", ".xlsm"):
            # An old .xls saved under a new name: calamine reads it, so accept it as what it is.
            return "xls"
        return "xls"
    head = data[:4096]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        raise UserError(f"文件「{name}」已损坏或不是表格文件，无法识别其格式。请用 Excel 重新另存后上传。",
                        f"{name} is damaged or not a spreadsheet.")
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype", b"<html", b"<?xml", b"<table", b"<head", b"<meta")) or b"<html" in low[:512]:
        raise UserError(f"文件「{name}」是网页（HTML/XML）文件，只是扩展名为 {ext}。请在 Excel 中打开后“另存为”Excel 工作簿（.xlsx）再上传。",
                        f"{name} is an HTML/XML page renamed to {ext}; save it as a real .xlsx workbook.")
    if EXTENSIONS[ext] != "csv":
        raise UserError(f"文件「{name}」的内容是纯文本（CSV），但扩展名是 {ext}。请把扩展名改为 .csv，或在 Excel 中另存为 .xlsx 后再上传。",
                        f"{name} is plain text (CSV) renamed to {ext}; rename it to .csv or save it as .xlsx.")
    return "csv"


def _check_zip(data: bytes, name: str) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UserError(f"文件「{name}」已损坏或不完整（可能没有下载/复制完整），无法打开。请重新导出后上传。",
                        f"{name} is damaged or truncated.") from None
    names = {i.filename for i in infos}
    if "EncryptedPackage" in names:
        raise UserError(f"文件「{name}」设置了打开密码，系统无法读取。", f"{name} is password-protected.")
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise UserError(f"文件「{name}」不是 Excel 工作簿（可能是 Word 文档或普通压缩包）。",
                        f"{name} is a zip archive but not an Excel workbook.")
    if "xl/workbook.bin" in names:
        raise UserError(f"文件「{name}」是 .xlsb 二进制工作簿，请在 Excel 中另存为 .xlsx 后上传。",
                        f"{name} is an .xlsb workbook; save it as .xlsx.")
    total = sum(i.file_size for i in infos)
    ratio_bad = any(i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos)
    if total > MAX_UNZIPPED or ratio_bad:
        raise UserError(f"文件「{name}」解压后体积异常（约 {total / 1024 / 1024:.0f} MB），为保护服务器已拒绝读取。请删除无关内容后重新保存。",
                        f"{name} expands to about {total / 1024 / 1024:.0f} MB when unpacked; refused as a possible zip bomb.")
