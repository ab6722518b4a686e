"""Test files that unpack far past their size on disk (shared by the documents, registry and
practices tests)."""

import io
import zipfile

MB = 1024 * 1024


def bomb(base: bytes, megabytes: int, name: str = "word/media/filler.bin") -> bytes:
    """`base` (a DOCX or XLSX) with one more entry of `megabytes` zeros: ~100 KB on disk per
    100 MB unpacked."""
    buf = io.BytesIO(base)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w") as entry:
            chunk = b"\0" * MB
            for _ in range(megabytes):
                entry.write(chunk)
    return buf.getvalue()
