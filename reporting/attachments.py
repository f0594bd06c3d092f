"""Checks on uploaded screenshots and PDFs, by their content.

A file's name and the browser's content type are claims; the content decides.
Images must decode completely as PNG, JPEG or WebP and are re-encoded, which
drops their metadata (EXIF with GPS location, XMP, comments). PDFs must open.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_FILES = 5
MAX_SIZE = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "application/pdf": "pdf",
}
ACCEPT = ",".join([*EXTENSIONS, ".png", ".jpg", ".jpeg", ".webp", ".pdf"])


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    original_name: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def size(self) -> int:
        return len(self.content)


def generated_name(extension: str) -> str:
    """A random storage name: the reporter's file name is never a path."""
    return f"{uuid.uuid4().hex}.{extension}"


def _display_name(name: str) -> str:
    return (name or _("naamloos bestand"))[:120]


def check_upload(upload: UploadedFile) -> CheckedFile:
    name = _display_name(upload.name)
    if upload.size == 0:
        raise ValidationError(_("„%(name)s” is leeg.") % {"name": name})
    if upload.size > MAX_SIZE:
        raise ValidationError(_("„%(name)s” is groter dan 10 MB.") % {"name": name})
    upload.seek(0)
    data = upload.read()
    if data.startswith(b"%PDF-"):
        return CheckedFile(_check_pdf(data, name), "application/pdf", name)
    content, content_type = _clean_image(data, name)
    return CheckedFile(content, content_type, name)


def _check_pdf(data: bytes, name: str) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        if len(reader.pages) < 1:
            raise PdfReadError("no pages")
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds
        raise ValidationError(
            _("„%(name)s” is geen leesbare PDF.") % {"name": name}
        ) from exc
    return data


def _clean_image(data: bytes, name: str) -> tuple[bytes, str]:
    not_allowed = _("„%(name)s” is geen afbeelding (PNG, JPEG of WebP) of PDF.") % {
        "name": name
    }
    with warnings.catch_warnings():
        # A decompression bomb is refused, not merely warned about.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(not_allowed)
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("„%(name)s” heeft te veel beeldpunten.") % {"name": name}
                )
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(
                _("„%(name)s” heeft te veel beeldpunten.") % {"name": name}
            ) from exc
        except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds
            raise ValidationError(not_allowed) from exc
    fmt = image.format
    icc = image.info.get("icc_profile")
    # Turn the pixels upright, then save only the pixels (and colour profile):
    # EXIF, GPS location, XMP and comments stay behind.
    upright = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        upright.save(out, "JPEG", quality=90, **options)
    elif fmt == "WEBP":
        upright.save(out, "WEBP", quality=90, **options)
    else:
        upright.save(out, "PNG", **options)
    return out.getvalue(), IMAGE_FORMATS[fmt]


def check_uploads(uploads: list[UploadedFile]) -> list[CheckedFile]:
    """Check every file; report every bad one at once, by name."""
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            _("Je kunt maximaal %(count)d bijlagen toevoegen.") % {"count": MAX_FILES}
        )
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked
