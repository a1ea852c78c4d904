"""Write the fixture's small binary files (run from anywhere; no dependencies).

PNGs of one flat colour each, written with zlib by hand, and a one-page PDF:
small, deterministic, and ours.
"""

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).parent


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


FILES = {
    "content/posts/media/gallery/01.png": png(16, 9, (200, 60, 60)),
    "content/posts/media/gallery/02.png": png(16, 9, (60, 160, 60)),
    "content/posts/media/gallery/03.png": png(16, 9, (60, 90, 200)),
    "content/posts/media/poster.png": png(16, 9, (30, 30, 30)),
    "content/posts/media/settings-screen.png": png(32, 18, (220, 220, 220)),
    "content/posts/media/report.pdf": pdf(),
    "static/img/logo.png": png(8, 8, (250, 180, 0)),
}

if __name__ == "__main__":
    for name, data in FILES.items():
        (HERE / name).parent.mkdir(parents=True, exist_ok=True)
        (HERE / name).write_bytes(data)
