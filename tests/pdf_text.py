"""Read back the text of a PDF written by fpdf2 with an embedded TrueType font (no PDF library).

fpdf2 writes each text run as `(...) Tj` holding two-byte glyph ids, and gives every font a
ToUnicode CMap from glyph id to character. This maps the runs back to the characters, per font
(`/F1 10.00 Tf` says which), so a test can assert the exact characters a reader sees.
"""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
RUN = re.compile(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in OBJECT.finditer(pdf)}


def _stream(body: bytes) -> bytes:
    match = STREAM.search(body)
    if match is None:
        return b""
    data = match.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _unescape(raw: bytes) -> bytes:
    def one(m: re.Match[bytes]) -> bytes:
        char = m.group(1)
        if char.isdigit():
            return bytes([int(char, 8)])
        return ESCAPES.get(char, char)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, raw, flags=re.S)


def _cmap(data: bytes) -> dict[int, str]:
    mapping = {}
    for glyph, code in re.findall(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", data):
        mapping[int(glyph, 16)] = bytes.fromhex(code.decode()).decode("utf-16-be")
    return mapping


def pdf_fonts(pdf: bytes) -> dict[str, str]:
    """Resource name -> embedded font's base name (e.g. {"F1": "SourceSansPro"})."""
    objects = _objects(pdf)
    fonts = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", pdf):
        base = re.search(rb"/BaseFont /([\w+-]+)", objects[int(number)])
        fonts[name.decode()] = base.group(1).decode() if base else ""
    return fonts


def pdf_text_runs(pdf: bytes) -> list[str]:
    """Every text run of every page, in the order written, as characters."""
    objects = _objects(pdf)
    cmaps: dict[bytes, dict[int, str]] = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", pdf):
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)])
        cmaps[name] = _cmap(_stream(objects[int(to_unicode.group(1))])) if to_unicode else {}
    runs = []
    for number in re.findall(rb"/Contents (\d+) 0 R", pdf):
        font: bytes = b""
        for m in RUN.finditer(_stream(objects[int(number)])):
            if m.group(1):
                font = m.group(1)
                continue
            raw = _unescape(m.group(2))
            if not cmaps.get(font):  # a core font: one Latin-1 byte per character
                runs.append(raw.decode("latin-1"))
                continue
            glyphs = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
            runs.append("".join(cmaps[font].get(g, "\ufffd") for g in glyphs))
    return runs
