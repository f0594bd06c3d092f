"""Checks on uploaded screenshots and PDFs, by their content.

A file's name and the browser's content type are claims; the content decides.
Images must decode completely as PNG, JPEG or WebP and are re-encoded from
their pixels, which leaves their metadata behind (EXIF with GPS location, XMP,
comments, text chunks). PDFs must open and are kept as they are.
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

MAX_FILES = 5
MAX_SIZE = 10 * 1024 * 1024
# A screenshot has a few megapixels; 50 is generous and keeps a small file
# that unpacks into gigabytes of pixels (a decompression bomb) out.
MAX_PIXELS = 50_000_000
ALLOWED = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "application/pdf": "pdf",
}
EXTENSIONS = ALLOWED  # the name forms and services knew first
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
# For the file input's accept attribute: a hint to the browser, nothing more.
ACCEPT = ",".join([*ALLOWED, ".png", ".jpg", ".jpeg", ".webp", ".pdf"])
# Modes each format can store as they are; anything else becomes RGB(A).
_SAVE_MODES = {
    "PNG": {"1", "L", "LA", "I;16", "I;16B", "P", "RGB", "RGBA"},
    "JPEG": {"L", "RGB", "CMYK"},
    "WEBP": {"RGB", "RGBA"},
}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, ready to be stored."""

    content: bytes  # cleaned image bytes, or the PDF unchanged
    content_type: str  # one of ALLOWED, decided by the content
    extension: str  # ALLOWED[content_type]
    original_name: str  # for display only, never a path
    size: int  # len(content)


def generated_name(extension: str) -> str:
    """A random, unguessable storage name: the reporter's name is never a path."""
    return f"{uuid.uuid4().hex}.{extension}"


def check_upload(f: UploadedFile) -> CheckedFile:
    """Check one upload by its content; raise ValidationError naming the file.

    Images come back re-encoded without metadata, PDFs unchanged.
    """
    name = _display_name(f.name)
    # f.size comes from the upload handler, before the content is in memory.
    if not f.size:
        raise ValidationError(_("„%(name)s” is leeg.") % {"name": name})
    if f.size > MAX_SIZE:
        raise ValidationError(_("„%(name)s” is groter dan 10 MB.") % {"name": name})
    f.seek(0)
    # Never read more than the limit, whatever size was claimed.
    data = f.read(MAX_SIZE + 1)
    if len(data) > MAX_SIZE:
        raise ValidationError(_("„%(name)s” is groter dan 10 MB.") % {"name": name})
    if not data:
        raise ValidationError(_("„%(name)s” is leeg.") % {"name": name})
    if data.startswith(b"%PDF-"):
        content, content_type = _check_pdf(data, name), "application/pdf"
    else:
        content, content_type = _clean_image(data, name)
    return CheckedFile(
        content=content,
        content_type=content_type,
        extension=ALLOWED[content_type],
        original_name=name,
        size=len(content),
    )


def check_uploads(files: list[UploadedFile]) -> list[CheckedFile]:
    """Check every file; report every bad one at once, each by name."""
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("Je kunt maximaal %(count)d bijlagen toevoegen.") % {"count": MAX_FILES}
        )
    checked: list[CheckedFile] = []
    errors: list[str] = []
    for f in files:
        try:
            checked.append(check_upload(f))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def _display_name(name: str | None) -> str:
    return (name or _("naamloos bestand"))[:120]


def _check_pdf(data: bytes, name: str) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Only a PDF that opens without a password can be read by PR.
            reader.decrypt("")
        pages = len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise ValidationError(
            _("„%(name)s” is geen leesbare PDF.") % {"name": name}
        ) from exc
    if pages < 1:
        raise ValidationError(_("„%(name)s” is geen leesbare PDF.") % {"name": name})
    return data


def _clean_image(data: bytes, name: str) -> tuple[bytes, str]:
    not_allowed = _("„%(name)s” is geen afbeelding (PNG, JPEG of WebP) of PDF.") % {
        "name": name
    }
    too_large = _("„%(name)s” heeft te veel beeldpunten.") % {"name": name}
    formats = list(IMAGE_FORMATS)
    with warnings.catch_warnings():
        # Pillow only warns below twice its own limit; a bomb is refused.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # formats= keeps Pillow's other decoders (GIF, BMP, TIFF, …) away
            # from untrusted bytes. verify() checks the structure (checksums),
            # but decodes nothing, so the image is opened again and loaded.
            with Image.open(io.BytesIO(data), formats=formats) as probe:
                _check_pixels(probe, too_large)
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=formats)
            _check_pixels(image, too_large)
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(too_large) from exc
        except Exception as exc:  # Pillow raises many kinds on broken files
            raise ValidationError(not_allowed) from exc
    # Phone cameras write MPO: a JPEG with extra frames (depth, preview) that
    # Pillow opens as the first one. Only that frame is kept, as a JPEG.
    fmt = "JPEG" if image.format == "MPO" else image.format
    if fmt not in IMAGE_FORMATS:  # formats= already ensures this
        raise ValidationError(not_allowed)
    return _reencode(image, fmt), IMAGE_FORMATS[fmt]


def _check_pixels(image: Image.Image, too_large: str) -> None:
    if image.width * image.height > MAX_PIXELS:
        raise ValidationError(too_large)


def _reencode(image: Image.Image, fmt: str) -> bytes:
    icc = image.info.get("icc_profile")
    try:
        # Phones store "this side up" in EXIF, which is about to go: turn the
        # pixels instead, so the screenshot still looks right.
        upright = ImageOps.exif_transpose(image)
    except Exception:  # broken EXIF is no reason to refuse a good picture
        upright = image.copy()
    if upright.mode not in _SAVE_MODES[fmt]:
        has_alpha = "A" in upright.mode or "transparency" in upright.info
        target = "RGBA" if has_alpha and fmt != "JPEG" else "RGB"
        upright = upright.convert(target)
        icc = None  # the profile described the old colour mode
    # Only the pixels go on: a fresh info dict means no EXIF, XMP, comment or
    # text chunk is carried over by Pillow's writers, which read some of it.
    clean = upright.copy()
    clean.info = {}
    options: dict[str, object] = {}
    if icc:
        options["icc_profile"] = icc
    if fmt == "PNG" and "transparency" in upright.info:
        options["transparency"] = upright.info["transparency"]
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=90, **options)
    elif fmt == "WEBP":
        clean.save(out, "WEBP", quality=90, **options)
    else:
        clean.save(out, "PNG", optimize=False, **options)
    return out.getvalue()
