"""PDF documents that keep every character: a Unicode TrueType font, embedded.

fpdf2's built-in fonts (Helvetica, Times, Courier) know Latin-1 only: the en dash of a route
("Acayucan - Chihuahua" written with U+2013) printed as "?", and so would a name in another
alphabet. Every PDF the platform writes starts from `unicode_pdf()`, which registers Source Sans
Pro (SIL Open Font License, shipped by the `font-source-sans-pro` package: static TTFs for Latin
with its extensions, Greek and Cyrillic) and embeds the glyphs used.
"""

from __future__ import annotations

import logging
from pathlib import Path

import font_source_sans_pro
from fpdf import FPDF

FONT_FAMILY = "SourceSansPro"
_FILES = Path(font_source_sans_pro.font_directory)
FONT_FILES = {"": _FILES / "SourceSansPro-Regular.ttf", "B": _FILES / "SourceSansPro-Bold.ttf"}

# fontTools logs every glyph it keeps when fpdf2 subsets the font: not for the application log.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


def unicode_pdf(**kwargs: str) -> FPDF:
    """A new FPDF (arguments as FPDF's) with the Unicode font registered, regular and bold."""
    pdf = FPDF(**kwargs)  # type: ignore[arg-type]
    for style, path in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style=style, fname=path)
    return pdf
