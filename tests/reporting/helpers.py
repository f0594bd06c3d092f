"""Real files for upload tests, made with Pillow and pypdf."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def png(name: str = "screenshot.png", size=(40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def jpeg_with_location(name: str = "foto.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:11:01 10:00:00"  # DateTime
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 200)).save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def webp(name: str = "beeld.webp") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 200, 0)).save(out, "WEBP")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/webp")


def gif(name: str = "animatie.gif") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/gif")


def pdf(name: str = "artikel.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def fake(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
