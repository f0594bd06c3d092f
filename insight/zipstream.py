"""A ZIP archive written as a stream of bytes, with the SHA-256 of every
file kept for the manifest: memory stays flat whatever the archive holds."""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator

CHUNK = 256 * 1024


class _Pipe(io.RawIOBase):
    """A write-only file that hands on what was written: zipfile writes into
    it, the response reads from it. Not seekable, so zipfile writes a data
    descriptor after each file instead of going back to its header."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def drain(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def file_chunks(spool) -> Iterator[bytes]:
    """A file's bytes in chunks, from its start; closes it at the end."""
    try:
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk
    finally:
        spool.close()


def spooled(write: Callable[[object], None]) -> Iterator[bytes]:
    """The bytes `write(file)` writes into a temporary file, in chunks."""
    spool = tempfile.TemporaryFile()
    try:
        write(spool)
    except BaseException:
        spool.close()
        raise
    return file_chunks(spool)


def zip_stream(
    files: Iterable[tuple[str, Iterable[bytes]]],
    manifest: Callable[[list[tuple[str, str, int]]], tuple[str, bytes]],
) -> Iterator[bytes]:
    """The archive of `files` (name, chunks), then the file `manifest` makes
    of [(name, sha256, size), …], streamed as it is written."""
    pipe = _Pipe()
    written: list[tuple[str, str, int]] = []
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in files:
            digest, size = hashlib.sha256(), 0
            with archive.open(name, "w", force_zip64=True) as entry:
                for chunk in chunks:
                    digest.update(chunk)
                    size += len(chunk)
                    entry.write(chunk)
                    if data := pipe.drain():
                        yield data
            written.append((name, digest.hexdigest(), size))
            yield pipe.drain()
        name, content = manifest(written)
        archive.writestr(name, content)
    yield pipe.drain()
