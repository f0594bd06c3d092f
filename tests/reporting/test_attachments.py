from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms
from pypdf import PdfReader, PdfWriter

from reporting.attachments import (
    ALLOWED,
    MAX_FILES,
    MAX_SIZE,
    check_upload,
    check_uploads,
    generated_name,
)

GPS_INFO, MAKE, DATETIME, ORIENTATION = 0x8825, 0x010F, 0x0132, 0x0112


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def image_bytes(fmt: str, size=(40, 30), mode="RGB", **options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "red" if mode != "1" else 1).save(out, fmt, **options)
    return out.getvalue()


def camera_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[DATETIME] = "2026:11:01 10:00:00"
    exif[GPS_INFO] = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    return exif


def pdf_bytes(**encrypt) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if encrypt:
        writer.encrypt(algorithm="RC4-128", **encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def messages(excinfo) -> list[str]:
    return excinfo.value.messages


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [
        ("PNG", "image/png", "png"),
        ("JPEG", "image/jpeg", "jpg"),
        ("WEBP", "image/webp", "webp"),
    ],
)
def test_images_are_accepted_and_reencoded(fmt, content_type, extension):
    original = image_bytes(fmt)
    # The browser's claim is ignored: the content decides.
    checked = check_upload(upload("schermafdruk.bin", original, "text/plain"))
    assert checked.content_type == content_type
    assert checked.extension == extension == ALLOWED[content_type]
    assert checked.original_name == "schermafdruk.bin"
    assert checked.size == len(checked.content)
    with Image.open(io.BytesIO(checked.content)) as result:
        assert result.format == fmt
        assert result.size == (40, 30)


def test_the_name_does_not_decide_either():
    checked = check_upload(upload("stiekem.pdf", image_bytes("PNG"), "application/pdf"))
    assert (checked.content_type, checked.extension) == ("image/png", "png")


def test_jpeg_loses_location_camera_xmp_and_comment_but_keeps_its_colour_profile():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = image_bytes(
        "JPEG",
        exif=camera_exif(),
        xmp=b"<x:xmpmeta>GeheimeLocatie</x:xmpmeta>",
        comment=b"Foto van Pietje",
        icc_profile=srgb,
    )
    with Image.open(io.BytesIO(original)) as before:
        assert {GPS_INFO, MAKE, DATETIME} <= set(before.getexif())

    checked = check_upload(upload("foto.jpg", original, "image/jpeg"))

    with Image.open(io.BytesIO(checked.content)) as after:
        assert after.format == "JPEG"
        assert dict(after.getexif()) == {}
        assert "comment" not in after.info and "xmp" not in after.info
        assert after.info.get("icc_profile") == srgb
    for secret in (b"PhoneMaker", b"GeheimeLocatie", b"Pietje", b"2026:11:01"):
        assert secret not in checked.content


def test_exif_orientation_is_applied_to_the_pixels_before_it_is_dropped():
    # 40x30 stored, "rotate 90°" in EXIF: shown (and now stored) as 30x40.
    original = image_bytes("JPEG", size=(40, 30), exif=camera_exif(orientation=6))

    checked = check_upload(upload("staand.jpg", original, "image/jpeg"))

    with Image.open(io.BytesIO(checked.content)) as after:
        assert after.size == (30, 40)
        assert ORIENTATION not in after.getexif()


def test_png_loses_text_chunks_and_exif():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Jan Jansen")
    info.add_itxt("Description", "Adres cliënt", zip=True)
    original = image_bytes("PNG", pnginfo=info, exif=camera_exif())

    checked = check_upload(upload("scherm.png", original, "image/png"))

    with Image.open(io.BytesIO(checked.content)) as after:
        after.load()
        assert "Author" not in after.info and "Description" not in after.info
        assert dict(after.getexif()) == {}
    assert b"Jan Jansen" not in checked.content
    assert b"PhoneMaker" not in checked.content


def test_png_keeps_its_transparency():
    original = image_bytes("PNG", mode="RGBA")
    checked = check_upload(upload("logo.png", original, "image/png"))
    with Image.open(io.BytesIO(checked.content)) as after:
        assert after.mode == "RGBA"


def test_webp_loses_exif_and_xmp():
    original = image_bytes(
        "WEBP", exif=camera_exif(), xmp=b"<x:xmpmeta>Geheim</x:xmpmeta>"
    )
    checked = check_upload(upload("beeld.webp", original, "image/webp"))
    assert b"PhoneMaker" not in checked.content
    assert b"Geheim" not in checked.content
    with Image.open(io.BytesIO(checked.content)) as after:
        assert after.format == "WEBP"


def test_data_after_the_image_is_not_kept():
    original = image_bytes("JPEG") + b"<script>alert(1)</script>"
    checked = check_upload(upload("foto.jpg", original, "image/jpeg"))
    assert b"<script>" not in checked.content


def test_phone_camera_mpo_is_kept_as_jpeg():
    out = io.BytesIO()
    first, second = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30))
    first.save(out, "MPO", save_all=True, append_images=[second])
    checked = check_upload(upload("camera.jpg", out.getvalue(), "image/jpeg"))
    assert checked.content_type == "image/jpeg"
    with Image.open(io.BytesIO(checked.content)) as after:
        assert after.format == "JPEG"
        assert getattr(after, "n_frames", 1) == 1


def test_pdf_is_accepted_and_kept_unchanged():
    original = pdf_bytes()
    checked = check_upload(upload("artikel.pdf", original, "application/pdf"))
    assert checked.content_type == "application/pdf"
    assert checked.extension == "pdf"
    assert checked.content == original
    assert len(PdfReader(io.BytesIO(checked.content)).pages) == 1


def test_encrypted_pdf_that_opens_without_password_is_accepted():
    original = pdf_bytes(user_password="", owner_password="eigenaar")
    assert check_upload(upload("beveiligd.pdf", original)).content == original


def test_pdf_that_needs_a_password_is_refused():
    original = pdf_bytes(user_password="geheim", owner_password="eigenaar")
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("wachtwoord.pdf", original, "application/pdf"))
    assert messages(excinfo) == ["„wachtwoord.pdf” is geen leesbare PDF."]


def noise(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((200, 200), 64).convert("RGB").save(out, fmt)
    return out.getvalue()


def other_format(fmt: str, mode: str = "RGB") -> bytes:
    return image_bytes(fmt, size=(10, 10), mode=mode)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("animatie.gif", other_format("GIF", mode="P")),
        ("plaatje.bmp", other_format("BMP")),
        ("scan.tiff", other_format("TIFF")),
        ("icoon.ico", other_format("ICO")),
        ("pagina.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
        ("iphone.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64),
        ("foto.exe", b"MZ\x90\0" + b"\0" * 100),
        ("tekst.png", b"dit is gewoon tekst"),
        ("kapot.png", noise("PNG")[:80]),
        # Headers intact, pixel data cut off: opens, but does not decode.
        ("half.png", noise("PNG")[: len(noise("PNG")) // 2]),
        ("half.jpg", noise("JPEG")[: len(noise("JPEG")) // 2]),
        ("half.webp", noise("WEBP")[: len(noise("WEBP")) // 2]),
    ],
)
def test_other_types_and_broken_images_are_refused_by_name(name, content):
    with pytest.raises(ValidationError) as excinfo:
        # The browser claims an image; the content says otherwise.
        check_upload(upload(name, content, "image/png"))
    assert messages(excinfo) == [
        f"„{name}” is geen afbeelding (PNG, JPEG of WebP) of PDF."
    ]


def test_a_png_with_a_broken_checksum_is_refused():
    content = bytearray(image_bytes("PNG"))
    content[-20] ^= 0xFF  # inside the IDAT chunk, so its CRC no longer fits
    with pytest.raises(ValidationError):
        check_upload(upload("crc.png", bytes(content), "image/png"))


def test_fake_pdf_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(
            upload("nep.pdf", b"%PDF-1.7\nthis is not a pdf", "application/pdf")
        )
    assert messages(excinfo) == ["„nep.pdf” is geen leesbare PDF."]


@pytest.mark.parametrize(
    "size",
    [(10_000, 6_000), (12_000, 9_000), (20_000, 10_000)],
    ids=["over-our-limit", "pillow-warning", "pillow-error"],
)
def test_decompression_bombs_are_refused(size):
    # A 1-bit image of tens of megapixels compresses to a few kilobytes.
    bomb = image_bytes("PNG", size=size, mode="1")
    assert len(bomb) < MAX_SIZE
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("bom.png", bomb, "image/png"))
    assert messages(excinfo) == ["„bom.png” heeft te veel beeldpunten."]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("leeg.png", b"", "image/png"))
    assert messages(excinfo) == ["„leeg.png” is leeg."]


def test_files_over_10_mb_are_refused():
    big = upload("groot.png", b"\x89PNG" + b"\0" * MAX_SIZE, "image/png")
    with pytest.raises(ValidationError) as excinfo:
        check_upload(big)
    assert messages(excinfo) == ["„groot.png” is groter dan 10 MB."]


class Unreadable(SimpleUploadedFile):
    """An upload that fails the test if its content is read."""

    def read(self, *args, **kwargs):
        raise AssertionError("read before the size was checked")

    def chunks(self, *args, **kwargs):
        raise AssertionError("read before the size was checked")


def test_size_is_checked_before_the_content_is_read():
    big = Unreadable("groot.pdf", b"%PDF-", content_type="application/pdf")
    big.size = MAX_SIZE + 1
    with pytest.raises(ValidationError) as excinfo:
        check_upload(big)
    assert "10 MB" in messages(excinfo)[0]


def test_check_uploads_returns_every_checked_file_in_order():
    checked = check_uploads(
        [
            upload("a.png", image_bytes("PNG")),
            upload("b.pdf", pdf_bytes()),
            upload("c.webp", image_bytes("WEBP")),
        ]
    )
    assert [(c.original_name, c.extension) for c in checked] == [
        ("a.png", "png"),
        ("b.pdf", "pdf"),
        ("c.webp", "webp"),
    ]
    assert check_uploads([]) == []


def test_at_most_five_files():
    five = [upload(f"{n}.png", image_bytes("PNG")) for n in range(MAX_FILES)]
    assert len(check_uploads(five)) == 5

    six = [upload(f"{n}.png", image_bytes("PNG")) for n in range(MAX_FILES + 1)]
    with pytest.raises(ValidationError) as excinfo:
        check_uploads(six)
    assert messages(excinfo) == ["Je kunt maximaal 5 bijlagen toevoegen."]


def test_every_bad_file_is_reported_at_once():
    with pytest.raises(ValidationError) as excinfo:
        check_uploads(
            [
                upload("goed.png", image_bytes("PNG")),
                upload("animatie.gif", other_format("GIF", mode="P")),
                upload("leeg.png", b""),
                upload("nep.pdf", b"%PDF-garbage"),
            ]
        )
    assert messages(excinfo) == [
        "„animatie.gif” is geen afbeelding (PNG, JPEG of WebP) of PDF.",
        "„leeg.png” is leeg.",
        "„nep.pdf” is geen leesbare PDF.",
    ]


def test_generated_names_are_random_and_never_the_original_name():
    names = {generated_name("png") for _ in range(100)}
    assert len(names) == 100
    for name in names:
        stem, extension = name.split(".")
        assert extension == "png"
        assert len(stem) == 32 and int(stem, 16) >= 0
