"""One check before any zip-based office file (DOCX, XLSX, ODS) is handed to its reader.

A 138 KB DOCX can unpack to 100 MB of XML, and python-docx/openpyxl then build it in memory
(a worker once peaked at 389 MB on such a passport). The check reads only the archive's table
of contents, never the contents, and refuses a file whose entries together unpack to more than
the format's limit or which has too many entries.

Trusting the sizes written in the table of contents is safe here: Python's zipfile, which
python-docx and openpyxl (and our ODS reader) all use, never returns more bytes than an entry
declares and fails that entry's CRC check if the data goes on, so a file that understates its
sizes is read as broken, not unpacked past the limit.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Central directory header signature: each entry has one, so their count bounds the entries
# before zipfile builds an object per entry (a 20 MB file could list ~400 000 of them).
_ENTRY_SIGNATURE = b"PK\x01\x02"


@dataclass(frozen=True)
class ZipLimits:
    max_unpacked: int
    max_entries: int


# A passport is text and a few photos: real ones unpack to under 10 MB in ~30 entries.
DOCUMENT = ZipLimits(max_unpacked=50 * MB, max_entries=1000)
# A list at the import's own limit (200 000 rows × 10 filled columns, veche/registry/listfile.py)
# unpacks to about 170 MB of sheet XML when written with inline strings (20 000 such rows
# measured 17 MB); openpyxl streams the sheet and the reader stops at the row limit.
TABLE = ZipLimits(max_unpacked=200 * MB, max_entries=1000)


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def check_zip(data: bytes, limits: ZipLimits) -> None:
    """ValidationError (code zip_too_many_entries / zip_too_large) for a file that would unpack
    past `limits`. A file that is not a readable zip passes: its reader reports it as broken."""
    # Twice the limit: the signature's bytes may also occur inside compressed data by chance.
    if data.count(_ENTRY_SIGNATURE) > limits.max_entries * 2:
        _too_many(limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return
    if len(entries) > limits.max_entries:
        _too_many(limits)
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unpacked:
        raise ValidationError(
            _("Файл распаковывается в %(size)s МБ — больше допустимых %(limit)s МБ. Обычно так "
              "бывает, если в документ вставлены очень большие картинки или файл испорчен. "
              "Сожмите картинки или сохраните файл заново и загрузите ещё раз.")
            % {"size": unpacked // MB, "limit": limits.max_unpacked // MB},
            code="zip_too_large",
        )


def _too_many(limits: ZipLimits) -> None:
    raise ValidationError(
        _("В файле больше %(limit)s вложенных частей — так не бывает у обычного документа или "
          "таблицы. Откройте файл в редакторе, сохраните заново и загрузите ещё раз.")
        % {"limit": limits.max_entries},
        code="zip_too_many_entries",
    )
