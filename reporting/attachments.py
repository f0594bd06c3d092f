"""Checks on uploaded screenshots and PDFs, by their content.

A file's name and the browser's content type are claims; the content decides.
Images must decode completely as PNG, JPEG or WebP and are re-encoded from
their pixels, which leaves their metadata behind (EXIF with GPS location, XMP,
comments, text chunks). PDFs must parse strictly and are kept as they are;
one with JavaScript or launch actions is refused.

Everything runs within budgets that keep a request well under the worker's
timeout: a pixel limit per image and a higher one for all images of a request,
both read from the headers before anything is decoded; a wall-clock limit per
request (and a shorter one per PDF) that stops whatever is still running.
"""

from __future__ import annotations

import io
import math
import signal
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

MAX_FILES = 5
MAX_SIZE = 10 * 1024 * 1024
# A screenshot has a few megapixels (a 5K screen 15); 16 per image and 24 for
# all images of one post keep decoding and re-encoding to a few seconds and
# about 100 MB, and a small file that unpacks into gigabytes of pixels (a
# decompression bomb) out. Both are read from the headers before decoding.
MAX_PIXELS = 16_000_000
MAX_TOTAL_PIXELS = 24_000_000
# A JPEG (a phone photo) up to this size is decoded at 1/2, 1/4 or 1/8 of its
# size (JPEG's own cheap scaling) to fit MAX_PIXELS instead of being refused.
MAX_JPEG_PIXELS = 64 * MAX_PIXELS
# A PDF with more objects than this is refused before it is parsed (an
# article printed to PDF has hundreds).
MAX_PDF_OBJECTS = 20_000
# PDF actions that run something in the reader.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/Rendition"}
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


class OutOfTime(BaseException):
    """Raised inside a check that ran out of its time. A BaseException, so
    the `except Exception` of Pillow, pypdf and our own code let it through."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with OutOfTime after `seconds` of wall-clock time.

    Uses SIGALRM, so it works in the main thread (gunicorn's sync workers,
    management commands, tests); elsewhere the per-file deadline checks of
    `check_uploads` remain.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
        or seconds <= 0
    ):
        yield
        return

    def expire(signum, frame):
        raise OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_upload(f: UploadedFile) -> CheckedFile:
    """Check one upload by its content; raise ValidationError naming the file.

    Images come back re-encoded without metadata, PDFs unchanged.
    """
    return check_uploads([f])[0]


def check_uploads(files: list[UploadedFile]) -> list[CheckedFile]:
    """Check every file; report every bad one at once, each by name.

    First every file's size and, for images, the pixels its header announces,
    so that a post whose images together are too large is refused before
    anything is decoded; then each file within what is left of the time budget.
    """
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("Je kunt maximaal %(count)d bijlagen toevoegen.") % {"count": MAX_FILES}
        )
    deadline = time.monotonic() + settings.UPLOAD_CHECK_SECONDS
    errors: list[str] = []
    read: list[tuple[str, bytes, int]] = []
    for f in files:
        name = _display_name(f.name)
        try:
            data = _read(f, name)
            pixels = 0 if data.startswith(b"%PDF-") else _header_pixels(data, name)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        read.append((name, data, pixels))
    if sum(pixels for _name, _data, pixels in read) > MAX_TOTAL_PIXELS:
        errors.append(
            _(
                "De afbeeldingen hebben samen te veel beeldpunten; voeg er minder "
                "of kleinere toe."
            )
        )
        raise ValidationError(errors)
    checked: list[CheckedFile] = []
    for name, data, _pixels in read:
        try:
            checked.append(_check(data, name, deadline))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def _read(f: UploadedFile, name: str) -> bytes:
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
    return data


def _check(data: bytes, name: str, deadline: float) -> CheckedFile:
    out_of_time = ValidationError(
        _("„%(name)s” kon niet op tijd worden gecontroleerd.") % {"name": name}
    )
    is_pdf = data.startswith(b"%PDF-")
    seconds = deadline - time.monotonic()
    if is_pdf:
        seconds = min(seconds, settings.UPLOAD_PDF_SECONDS)
    if seconds <= 0:
        raise out_of_time
    try:
        with time_limit(seconds):
            if is_pdf:
                content, content_type = _check_pdf(data, name), "application/pdf"
            else:
                content, content_type = _clean_image(data, name)
    except OutOfTime:
        if is_pdf:
            # What cannot be parsed in time is not a PDF PR can read either.
            raise ValidationError(_not_pdf(name)) from None
        raise out_of_time from None
    return CheckedFile(
        content=content,
        content_type=content_type,
        extension=ALLOWED[content_type],
        original_name=name,
        size=len(content),
    )


def _display_name(name: str | None) -> str:
    return (name or _("naamloos bestand"))[:120]


def _not_pdf(name: str) -> str:
    return _("„%(name)s” is geen leesbare PDF.") % {"name": name}


def _check_pdf(data: bytes, name: str) -> bytes:
    # A cheap count first: a file of hundreds of thousands of objects is
    # refused before pypdf spends seconds on it.
    if data.count(b" obj") > MAX_PDF_OBJECTS:
        raise ValidationError(_not_pdf(name))
    try:
        # strict: a broken cross-reference table is refused, not repaired by
        # scanning the whole file.
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            # Only a PDF that opens without a password can be read by PR.
            reader.decrypt("")
        pages = len(reader.pages)
        objects = sum(len(ids) for ids in reader.xref.values())
        objects += len(reader.xref_objStm)
        if objects > MAX_PDF_OBJECTS:
            raise ValidationError(_not_pdf(name))
        active = _has_active_content(reader)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise ValidationError(_not_pdf(name)) from exc
    if pages < 1:
        raise ValidationError(_not_pdf(name))
    if active:
        raise ValidationError(
            _(
                "„%(name)s” bevat scripts of acties (JavaScript); maak er een "
                "gewone PDF of schermafdruk van."
            )
            % {"name": name}
        )
    return data


def _has_active_content(reader: PdfReader) -> bool:
    """Whether any object holds an action that runs something (JavaScript,
    launching a program) or the document names scripts to run."""
    names = reader.trailer["/Root"].get_object().get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        return True
    ids = [idnum for generation in reader.xref.values() for idnum in generation] + list(
        reader.xref_objStm
    )
    for idnum in ids:
        try:
            obj = reader.get_object(idnum)
        except Exception:  # a free or broken entry holds no action
            continue
        if _active(obj, depth=0):
            return True
    return False


def _active(obj, depth: int) -> bool:
    # Indirect children are visited as objects of their own; only the direct
    # ones (an annotation's inline /A dictionary) are looked into here.
    if depth > 32:
        return True
    if isinstance(obj, DictionaryObject):
        if obj.get("/S") in ACTIVE_ACTIONS or "/JS" in obj:
            return True
        children = obj.values()
    elif isinstance(obj, ArrayObject):
        children = obj
    else:
        return False
    return any(
        _active(child, depth + 1)
        for child in children
        if isinstance(child, DictionaryObject | ArrayObject)
    )


def _open_image(data: bytes) -> Image.Image:
    """Open without decoding; a large JPEG is set to decode at the smallest
    reduction (1/2, 1/4, 1/8) that fits MAX_PIXELS."""
    image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
    pixels = image.width * image.height
    if image.format in {"JPEG", "MPO"} and MAX_PIXELS < pixels <= MAX_JPEG_PIXELS:
        scale = next(s for s in (2, 4, 8) if pixels / (s * s) <= MAX_PIXELS)
        image.draft(
            image.mode,
            (math.ceil(image.width / scale), math.ceil(image.height / scale)),
        )
    return image


def _header_pixels(data: bytes, name: str) -> int:
    """The pixels an image will have once decoded, from its header alone."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with _open_image(data) as image:
                pixels = image.width * image.height
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_too_many_pixels(name)) from exc
    except Exception as exc:  # not an image we take; _clean_image says which
        raise ValidationError(_not_allowed(name)) from exc
    if pixels > MAX_PIXELS:
        raise ValidationError(_too_many_pixels(name))
    return pixels


def _not_allowed(name: str) -> str:
    return _("„%(name)s” is geen afbeelding (PNG, JPEG of WebP) of PDF.") % {
        "name": name
    }


def _too_many_pixels(name: str) -> str:
    return _("„%(name)s” heeft te veel beeldpunten.") % {"name": name}


def _clean_image(data: bytes, name: str) -> tuple[bytes, str]:
    not_allowed = _not_allowed(name)
    too_large = _too_many_pixels(name)
    with warnings.catch_warnings():
        # Pillow only warns below twice its own limit; a bomb is refused.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # formats= keeps Pillow's other decoders (GIF, BMP, TIFF, …) away
            # from untrusted bytes. verify() checks the structure (checksums),
            # but decodes nothing, so the image is opened again and loaded.
            with _open_image(data) as probe:
                _check_pixels(probe, too_large)
                probe.verify()
            image = _open_image(data)
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
    """Write the pixels alone in `fmt`, making a copy of them only where the
    picture must turn or change colour mode (memory: one image at a time)."""
    icc = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # broken EXIF is no reason to refuse a good picture
        orientation = 1
    if orientation in range(2, 9):
        # Phones store "this side up" in EXIF, which is about to go: turn the
        # pixels instead, so the screenshot still looks right.
        try:
            ImageOps.exif_transpose(image, in_place=True)
        except Exception:
            pass
    if image.mode not in _SAVE_MODES[fmt]:
        has_alpha = "A" in image.mode or transparency is not None
        target = "RGBA" if has_alpha and fmt != "JPEG" else "RGB"
        image = image.convert(target)
        icc = None  # the profile described the old colour mode
        transparency = None
    # Only the pixels go on: an empty info dict means no EXIF, XMP, comment or
    # text chunk is carried over by Pillow's writers, which read some of it.
    image.info = {}
    options: dict[str, object] = {}
    if icc:
        options["icc_profile"] = icc
    if fmt == "PNG" and transparency is not None:
        options["transparency"] = transparency
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=90, **options)
    elif fmt == "WEBP":
        # method 1 of 0-6: WebP's slower methods cost seconds on a large
        # screenshot for a few per cent of size.
        image.save(out, "WEBP", quality=90, method=1, **options)
    else:
        image.save(out, "PNG", compress_level=3, **options)
    return out.getvalue()
