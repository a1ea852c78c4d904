"""Cache entries as checked data: JSON sealed with a digest of its bytes and of the code.

A build reads back what an earlier one wrote, perhaps from a cache restored by
CI or shared between people, so reading an entry must never run code (no
pickle: loading one calls whatever it names) and a damaged entry (bits flipped,
cut short, written by another version of sitegen) must be a miss, not output.

An entry is one JSON array, `["<digest>",<payload>]`. The digest covers the
payload's exact bytes, `code_version()` and what the entry is for (its key),
so checking it needs no second encoding, and `jq` still reads the file. The
decoders in plain.py then check every shape before a value is built.

A digest is not a signature: whoever can write the cache can also write an
entry that passes. What it stops is damage and entries from other code; what
stops code from running is that entries are only ever data.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .store import code_version

_OPEN, _SEP, _CLOSE = b'["', b'",', b"]"
_HEX = 32  # a 16-byte blake2b digest, in hex
_LONE = "surrogatepass"  # file names that aren't UTF-8 come as lone surrogates: keep them


class Damaged(ValueError):
    """An entry whose bytes are not what this code sealed: read it as a miss."""


def seal(payload: object, *context: str) -> bytes:
    """The payload as sealed JSON bytes."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    body = text.encode("utf-8", _LONE)  # UTF-8: Chinese pages take half the bytes of \uXXXX
    return _OPEN + _check(body, context) + _SEP + body + _CLOSE


def unseal(data: bytes, *context: str) -> object:
    """The payload of an entry sealed with the same context by this code; else `Damaged`."""
    start = len(_OPEN) + _HEX + len(_SEP)
    if not (data.startswith(_OPEN) and data[start - len(_SEP) : start] == _SEP and data.endswith(_CLOSE)):
        raise Damaged("not a sealed entry")
    body = data[start : -len(_CLOSE)]
    if data[len(_OPEN) : start - len(_SEP)] != _check(body, context):
        raise Damaged("digest mismatch")
    try:
        return json.loads(body.decode("utf-8", _LONE))
    except (ValueError, RecursionError) as exc:  # RecursionError: nested past Python's limit
        raise Damaged("not JSON") from exc


def _check(body: bytes, context: tuple[str, ...]) -> bytes:
    h = hashlib.blake2b(digest_size=_HEX // 2)
    for part in (code_version(), *context):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    h.update(body)
    return h.hexdigest().encode("ascii")


def read_sealed(path: Path, *context: str) -> object:
    """The payload of a sealed file; `Damaged` (or OSError) when it can't be trusted."""
    return unseal(path.read_bytes(), *context)


def write_sealed(path: Path, payload: object, *context: str) -> None:
    """Replace path with the sealed payload, atomically.

    The temporary file gets a fresh random name (O_EXCL): a fixed name would
    let whoever can write the cache folder plant a symlink there and have
    sitegen write through it.
    """
    data = seal(payload, *context)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # as open() would: a shared cache stays readable
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
