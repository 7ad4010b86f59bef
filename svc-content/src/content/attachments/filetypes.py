"""Which files an item may carry, recognised by their first bytes, not only their name."""

from __future__ import annotations

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office / WPS containers
ZIP = b"PK\x03\x04"  # OOXML, OFD and zip archives

# extension → (content type, accepted leading bytes; None = plain text)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "ofd": ("application/ofd", (ZIP,)),
    "doc": ("application/msword", (OLE,)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    "xls": ("application/vnd.ms-excel", (OLE,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    "wps": ("application/vnd.ms-works", (OLE,)),
    "et": ("application/vnd.ms-excel", (OLE,)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "zip": ("application/zip", (ZIP,)),
    "rar": ("application/vnd.rar", (b"Rar!\x1a\x07",)),
    "txt": ("text/plain; charset=utf-8", None),
    "csv": ("text/csv; charset=utf-8", None),
}


def recognise(filename: str, head: bytes) -> str | None:
    """The content type to serve, or None when the name or the bytes are not acceptable."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in ALLOWED:
        return None
    content_type, magics = ALLOWED[ext]
    if magics is None:
        if b"\x00" in head:
            return None
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:  # a cut multi-byte character at the end is fine
            if exc.start < len(head) - 3:
                return None
        return content_type
    return content_type if any(head.startswith(m) for m in magics) else None
