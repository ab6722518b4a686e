"""Text of a PDF made by fpdf2, read back without a PDF library: fpdf2 writes each run of
text as glyph ids of a subset font (Identity-H) and a ToUnicode map per font; this follows
the page's font resources to those maps and decodes every Tj string."""

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes]]:
    out = {}
    for m in _OBJ.finditer(data):
        body = m.group(2)
        stream = b""
        if s := _STREAM.search(body):
            stream = s.group(1)
            if b"FlateDecode" in body:
                stream = zlib.decompress(stream)
        out[int(m.group(1))] = (body, stream)
    return out


def _cmap(stream: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      block):
            base = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = chr(base + i)
    return table


def _literal(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):  # backslash escape
            nxt = raw[i + 1]
            if chr(nxt) in "01234567":
                digits = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4]).group(0)
                out.append(int(digits, 8) & 0xFF)
                i += 1 + len(digits)
                continue
            out.append({ord("n"): 10, ord("r"): 13, ord("t"): 9}.get(nxt, nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return bytes(out)


_TOKENS = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj|<([0-9A-Fa-f]*)>\s*Tj",
                     re.S)


def pdf_text(data: bytes) -> str:
    objs = _objects(data)
    fonts: dict[bytes, dict[int, str]] = {}
    for body, _ in objs.values():
        for name, ref in re.findall(rb"/(F\d+)\s+(\d+)\s+0\s+R", body):
            font = objs.get(int(ref), (b"", b""))[0]
            if m := re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", font):
                fonts[name] = _cmap(objs[int(m.group(1))][1])
    lines = []
    for _body, stream in objs.values():
        if b"Tj" not in stream:
            continue
        table: dict[int, str] = {}
        for m in _TOKENS.finditer(stream):
            if m.group(1):
                table = fonts.get(m.group(1), {})
                continue
            raw = _literal(m.group(2)) if m.group(2) is not None else bytes.fromhex(
                m.group(3).decode())
            codes = [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw) - 1, 2)]
            lines.append("".join(table.get(c, "?") for c in codes))
    return "\n".join(lines)
