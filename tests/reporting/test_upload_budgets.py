"""Uploads are checked within budgets of pixels and time, and PDFs that run
scripts or cannot be parsed strictly are refused."""

from __future__ import annotations

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from reporting.attachments import (
    MAX_PIXELS,
    MAX_TOTAL_PIXELS,
    check_upload,
    check_uploads,
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def image(fmt: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    options = {"quality": 90} if fmt != "PNG" else {}
    if fmt == "WEBP":
        options["method"] = 0  # quick to make; as hard to decode
    Image.new("RGB", size, (200, 100, 50)).save(out, fmt, **options)
    return out.getvalue()


def messages(excinfo) -> list[str]:
    return excinfo.value.messages


@pytest.fixture(scope="module")
def huge_webp() -> bytes:
    # 114 KB on the wire, 49 megapixels once decoded.
    return image("WEBP", (7000, 7000))


def test_five_huge_images_are_refused_at_once(huge_webp):
    assert len(huge_webp) < 1_000_000
    files = [upload(f"{n}.webp", huge_webp) for n in range(5)]
    started = time.monotonic()
    with pytest.raises(ValidationError) as excinfo:
        check_uploads(files)
    assert time.monotonic() - started < 2
    assert messages(excinfo) == [
        f"„{n}.webp” heeft te veel beeldpunten." for n in range(5)
    ]


def test_images_within_the_per_image_limit_but_too_many_together():
    side = int(MAX_PIXELS**0.5)
    assert side * side <= MAX_PIXELS and 5 * side * side > MAX_TOTAL_PIXELS
    largest = image("WEBP", (side, side))
    started = time.monotonic()
    with pytest.raises(ValidationError) as excinfo:
        check_uploads([upload(f"{n}.webp", largest) for n in range(5)])
    # Refused from the headers: nothing was decoded.
    assert time.monotonic() - started < 2
    assert messages(excinfo) == [
        "De afbeeldingen hebben samen te veel beeldpunten; voeg er minder of "
        "kleinere toe."
    ]


def test_a_large_post_within_the_budget_is_processed_in_seconds():
    files = [
        upload("scherm.webp", image("WEBP", (3840, 2160))),
        upload("scherm.png", image("PNG", (2560, 1440))),
        upload("foto.jpg", image("JPEG", (3000, 2000))),
    ]
    started = time.monotonic()
    checked = check_uploads(files)
    assert time.monotonic() - started < 8
    assert [c.extension for c in checked] == ["webp", "png", "jpg"]
    with Image.open(io.BytesIO(checked[0].content)) as result:
        assert result.size == (3840, 2160)


def test_a_large_jpeg_is_decoded_reduced_to_fit():
    checked = check_upload(upload("camera.jpg", image("JPEG", (8000, 6000))))
    with Image.open(io.BytesIO(checked.content)) as result:
        assert result.size == (4000, 3000)
        assert result.width * result.height <= MAX_PIXELS


def test_checking_stops_when_the_time_is_up(settings):
    settings.UPLOAD_CHECK_SECONDS = 0.05
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("scherm.webp", image("WEBP", (4000, 4000))))
    assert messages(excinfo) == ["„scherm.webp” kon niet op tijd worden gecontroleerd."]


def blank_pdf(**root_entries) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    for key, value in root_entries.items():
        writer.root_object[NameObject(key)] = value
    if "annotation" in root_entries:
        del writer.root_object[NameObject("annotation")]
        page[NameObject("/Annots")] = ArrayObject([root_entries["annotation"]])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hallo');"),
        }
    )


def link_with_script() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0)] * 4),
            NameObject("/A"): javascript(),
        }
    )


@pytest.mark.parametrize(
    "entries",
    [
        {"/OpenAction": javascript()},
        {"annotation": link_with_script()},
    ],
    ids=["open-action", "link-annotation"],
)
def test_pdfs_with_javascript_are_refused(entries):
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("script.pdf", blank_pdf(**entries)))
    assert "JavaScript" in messages(excinfo)[0]
    assert check_upload(upload("gewoon.pdf", blank_pdf())).extension == "pdf"


def test_a_pdf_with_a_broken_cross_reference_table_is_refused():
    good = blank_pdf()
    broken = good[: good.rindex(b"startxref")] + b"startxref\n99999\n%%EOF\n"
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("kapot.pdf", broken))
    assert messages(excinfo) == ["„kapot.pdf” is geen leesbare PDF."]


def test_a_pdf_of_very_many_objects_is_refused_quickly():
    body = b"".join(b"%d 0 obj<<>>endobj\n" % n for n in range(290_000))
    bomb = b"%PDF-1.7\n" + body + b"startxref\n12\n%%EOF\n"
    assert len(bomb) < 10 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ValidationError):
        check_upload(upload("bom.pdf", bomb))
    assert time.monotonic() - started < 1


def test_a_pdf_that_takes_too_long_is_refused(settings):
    settings.UPLOAD_PDF_SECONDS = 0.000_001
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("traag.pdf", blank_pdf()))
    assert messages(excinfo) == ["„traag.pdf” is geen leesbare PDF."]
