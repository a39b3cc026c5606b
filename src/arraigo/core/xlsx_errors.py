"""What openpyxl raises on a file that is a zip but not a whole workbook, for every reader of
uploaded XLSX files (the bulk imports, KoboToolbox exports) to refuse it with a message instead
of a server error: a missing part (KeyError), spoiled XML (ParseError), a spoiled compressed
stream (zlib.error, EOFError), values of the wrong kind (ValueError, TypeError, IndexError,
AttributeError). Read-only sheets parse as they are read, so the rows' reading is guarded too.
"""

from __future__ import annotations

import zipfile
import zlib
from xml.etree.ElementTree import ParseError

XLSX_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    zlib.error,
    ParseError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
)
