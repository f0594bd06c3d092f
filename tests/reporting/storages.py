"""A file storage that refuses to delete chosen files, as a full disk, a
read-only mount or an S3 outage would."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class RefusingStorage(FileSystemStorage):
    refuse: set[str] = set()

    def delete(self, name):
        if name in self.refuse:
            raise OSError(f"refused to delete {name}")
        super().delete(name)
