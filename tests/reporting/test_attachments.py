from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from reporting.attachments import check_upload, check_uploads
from tests.reporting.helpers import fake, gif, jpeg_with_location, pdf, png, webp


def test_png_webp_and_pdf_are_accepted_by_content():
    assert check_upload(png()).content_type == "image/png"
    assert check_upload(webp()).content_type == "image/webp"
    checked = check_upload(pdf())
    assert checked.content_type == "application/pdf"
    assert checked.extension == "pdf"


def test_jpeg_loses_its_location_and_camera_data():
    upload = jpeg_with_location()
    before = Image.open(io.BytesIO(upload.read())).getexif()
    assert 0x8825 in before and 0x010F in before
    upload.seek(0)

    checked = check_upload(upload)

    after = Image.open(io.BytesIO(checked.content))
    assert after.format == "JPEG"
    assert dict(after.getexif()) == {}
    assert b"PhoneMaker" not in checked.content


def test_content_decides_not_the_name():
    # A PNG named .pdf is a PNG; a text file named .png is refused.
    assert check_upload(png("stiekem.pdf")).content_type == "image/png"
    with pytest.raises(ValidationError) as excinfo:
        check_upload(fake("foto.png", b"just some text", "image/png"))
    assert "foto.png" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    "upload",
    [
        gif(),
        fake("kapot.png", png().read()[:60], "image/png"),
        fake("nep.pdf", b"%PDF-1.7\nthis is not a pdf", "application/pdf"),
        fake("leeg.png", b"", "image/png"),
        fake(
            "pagina.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"
        ),
    ],
    ids=["gif", "truncated-png", "fake-pdf", "empty", "svg"],
)
def test_refused_files_are_named_in_the_message(upload):
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload)
    assert upload.name in excinfo.value.messages[0]


def test_files_over_10_mb_are_refused():
    big = fake("groot.png", b"\x89PNG" + b"\0" * (10 * 1024 * 1024), "image/png")
    with pytest.raises(ValidationError) as excinfo:
        check_upload(big)
    assert "groot.png" in excinfo.value.messages[0]
    assert "10 MB" in excinfo.value.messages[0]


def test_at_most_five_files_and_every_bad_file_reported():
    with pytest.raises(ValidationError) as excinfo:
        check_uploads([png(f"{n}.png") for n in range(6)])
    assert "maximaal 5" in excinfo.value.messages[0]

    with pytest.raises(ValidationError) as excinfo:
        check_uploads([png(), gif("a.gif"), fake("b.png", b"x", "image/png")])
    assert len(excinfo.value.messages) == 2
