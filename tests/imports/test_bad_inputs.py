"""Bad files: each gets a clear Chinese message, nothing is read further, nothing is written."""
import io
import struct
import zipfile

import pytest

from data.errors import UserError
from data.imports.read import read_file
from data.imports.sniff import sniff
from workbooks import wide_report

def bad_file_message(analyse, name, data, **kw):
    r = analyse((name, data), **kw)
    assert r.obs.empty
    errs = r.errors
    assert list(errs["rule"]) == ["bad_file"], errs
    return errs["message_zh"].iloc[0]


def test_truncated_xlsx(analyse):
    data = wide_report()
    assert "损坏" in bad_file_message(analyse, "a.xlsx", data[: len(data) // 2])


def test_random_bytes(analyse):
    assert "损坏" in bad_file_message(analyse, "a.xlsx", b"\x00\x01garbage" * 100)


def test_csv_renamed_to_xlsx(analyse):
    assert "CSV" in bad_file_message(analyse, "a.xlsx", "地区,指标,数值\n清河县,HNTE,69\n".encode("utf-8"))


def test_html_renamed_to_xlsx(analyse):
    msg = bad_file_message(analyse, "a.xlsx", b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    assert "网页" in msg


def test_empty_file(analyse):
    assert "空文件" in bad_file_message(analyse, "a.xlsx", b"")


def test_unsupported_extension(analyse):
    assert "不支持" in bad_file_message(analyse, "a.pdf", b"%PDF-1.4")


def test_docx_is_not_a_workbook(analyse):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert "不是 Excel" in bad_file_message(analyse, "a.xlsx", bio.getvalue())


def encrypted_ole() -> bytes:
    """A minimal OLE compound file whose directory holds EncryptionInfo and EncryptedPackage streams,
    which is how Excel saves a password-protected .xlsx."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)
    struct.pack_into("<H", header, 32, 6)
    struct.pack_into("<I", header, 44, 1)      # one FAT sector
    struct.pack_into("<I", header, 48, 1)      # directory starts at sector 1
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)
    struct.pack_into("<I", header, 76, 0)      # FAT in sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    directory = bytearray(512)
    for i, (name, typ) in enumerate([("Root Entry", 5), ("EncryptionInfo", 2), ("EncryptedPackage", 2)]):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        directory[i * 128:i * 128 + len(raw)] = raw
        struct.pack_into("<H", directory, i * 128 + 64, len(raw))
        directory[i * 128 + 66] = typ
    return bytes(header + fat + directory)


def test_password_protected_workbook(analyse):
    assert "密码" in bad_file_message(analyse, "secret.xlsx", encrypted_ole())


def test_zip_bomb_is_refused_before_decompressing(analyse):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    data = bio.getvalue()
    assert len(data) < 1_000_000
    assert "解压后体积异常" in bad_file_message(analyse, "bomb.xlsx", data)


def test_file_over_the_size_limit(analyse):
    msg = bad_file_message(analyse, "big.xlsx", b"PK\x03\x04" + b"0" * (2 * 1024 * 1024), max_bytes=1024 * 1024)
    assert "超过" in msg and "MB" in msg


def test_too_many_rows_is_refused_with_a_clear_message():
    import xlsxwriter

    bio = io.BytesIO()
    wb = xlsxwriter.Workbook(bio, {"in_memory": True, "constant_memory": True})
    ws = wb.add_worksheet("数据")
    ws.write_row(0, 0, ["地区", "指标", "期别", "数值"])
    for r in range(1, 1200):
        ws.write_row(r, 0, ["清河县", "HNTE", "2023", r])
    wb.close()
    with pytest.raises(UserError, match="超过单次导入 1,000 行"):
        read_file(bio.getvalue(), sniff(bio.getvalue(), "a.xlsx"), "a.xlsx", max_rows=1000)


def test_bad_csv_encoding(analyse):
    assert "编码" in bad_file_message(analyse, "a.csv", b"a,b\n\x80\x80,1\n")


def test_xls_extension_on_xlsx_content(analyse):
    assert ".xlsx" in bad_file_message(analyse, "a.xls", wide_report())
