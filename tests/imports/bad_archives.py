"""Hand-made .xlsx archives for the bounds tests: a minimal valid package around any sheet XML, and the
damages a zip can carry (lying member sizes, broken CRC, corrupt deflate stream, non-UTF-8 names)."""
from __future__ import annotations

import io
import struct
import zipfile

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
      'spreadsheetml.sheet.main+xml"/>{overrides}</Types>')
OVERRIDE = ('<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '{rels}</Relationships>')
WB_REL = ('<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
          'worksheet" Target="worksheets/sheet{i}.xml"/>')


def sheet_xml(rows: str, *, dimension: str | None = None, merges: list[str] | None = None, prefix: str = "") -> str:
    """A worksheet part around `rows` (the inside of <sheetData>)."""
    p = f"{prefix}:" if prefix else ""
    ns = NS.replace("xmlns=", f"xmlns:{prefix}=") if prefix else NS
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    mc = ""
    if merges:
        mc = f'<{p}mergeCells count="{len(merges)}">' + "".join(f'<{p}mergeCell ref="{m}"/>' for m in merges) + \
             f"</{p}mergeCells>"
    return f'<?xml version="1.0"?><{p}worksheet {ns}>{dim}<{p}sheetData>{rows}</{p}sheetData>{mc}</{p}worksheet>'


def package(sheets: list[str], *, names: list[str] | None = None, shared: str | None = None,
            workbook: bytes | None = None) -> bytes:
    """A complete .xlsx around the given worksheet parts (sheet XML strings)."""
    names = names or [f"Sheet{i + 1}" for i in range(len(sheets))]
    wb = workbook or (f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {NS_R}><sheets>' + "".join(
        f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names)) +
        "</sheets></workbook>").encode()
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT.format(overrides="".join(OVERRIDE.format(i=i + 1)
                                                                       for i in range(len(sheets)))))
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS.format(rels="".join(WB_REL.format(i=i + 1)
                                                                             for i in range(len(sheets)))))
        for i, sx in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", sx)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
    return bio.getvalue()


def one_cell(ref: str, **kw) -> bytes:
    """A header cell at A1 and one number at `ref` (the 2 KB workbook of issue 11)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    return package([sheet_xml(f'<row r="1"><c r="A1" t="inlineStr"><is><t>地区</t></is></c></row>'
                              f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>', **kw)])


def _entries(data: bytes, member: str) -> tuple[int, int]:
    """Offsets of `member`'s local header and its central directory entry."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        local = zf.getinfo(member).header_offset
    central = -1
    name = member.encode()
    pos = 0
    while True:
        pos = data.index(b"PK\x01\x02", pos)
        nlen = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + nlen] == name:
            central = pos
            break
        pos += 4
    return local, central


def patch_member(data: bytes, member: str, *, crc: int | None = None, size: int | None = None,
                 compressed_size: int | None = None) -> bytes:
    """Rewrite the CRC / sizes a member declares (in both its local header and the central directory)."""
    out = bytearray(data)
    local, central = _entries(data, member)
    for off, field_crc, field_csize, field_usize in ((local, 14, 18, 22), (central, 16, 20, 24)):
        if crc is not None:
            struct.pack_into("<I", out, off + field_crc, crc & 0xFFFFFFFF)
        if compressed_size is not None:
            struct.pack_into("<I", out, off + field_csize, compressed_size)
        if size is not None:
            struct.pack_into("<I", out, off + field_usize, size)
    return bytes(out)


def member_info(data: bytes, member: str) -> zipfile.ZipInfo:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.getinfo(member)


def corrupt_deflate(data: bytes, member: str, at: float = 0.5, xor: int = 0xA5) -> bytes:
    """Flip one byte inside the member's compressed data (the headers stay as they were)."""
    local, _ = _entries(data, member)
    nlen, elen = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + nlen + elen
    info = member_info(data, member)
    pos = start + min(int(info.compress_size * at), max(info.compress_size - 1, 0))
    out = bytearray(data)
    out[pos] ^= xor
    return bytes(out)
