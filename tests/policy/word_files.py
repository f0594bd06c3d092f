"""Real Word documents for the tests, made with python-docx (and, for what
it cannot write, such as tracked changes, by editing the XML in the zip)."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image


def _hyperlink(paragraph, url: str, text: str) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    label = OxmlElement("w:t")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)


def richtlijn_docx(*, image: bool = False, comment: bool = False) -> bytes:
    """A richtlijn as a policy team writes it in Word."""
    document = docx.Document()
    document.add_heading("Grondbeginselen", level=1)
    document.add_heading("1. Gebruik je gezond verstand", level=2)
    para = document.add_paragraph("Plaats ")
    para.add_run("nooit").bold = True
    para.add_run(" iets over cliënten. Lees ook ")
    _hyperlink(para, "https://www.sterkhuis.nl/privacy", "de privacyverklaring")
    para.add_run(".")
    document.add_paragraph("Twijfel je? Vraag het PR.", style="List Bullet")
    document.add_paragraph("Liever niet dan verkeerd.", style="List Bullet")
    document.add_heading("2. Meld wat je ziet", level=2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Wat"
    table.cell(0, 1).text = "Aan wie"
    table.cell(1, 0).text = "Kritiek"
    table.cell(1, 1).text = "PR en communicatie"
    if image:
        picture = io.BytesIO()
        Image.new("RGB", (20, 20), (10, 120, 200)).save(picture, "PNG")
        picture.seek(0)
        document.add_picture(picture)
    if comment:
        target = document.add_paragraph("Deze zin heeft een opmerking.")
        document.add_comment(target.runs, text="Klopt dit?", author="Bo")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_tracked_changes(data: bytes) -> bytes:
    """The document with one insertion and one deletion still tracked."""
    tracked = (
        '<w:p><w:r><w:t xml:space="preserve">Vast </w:t></w:r>'
        '<w:ins w:id="901" w:author="Bo" w:date="2026-11-01T10:00:00Z">'
        "<w:r><w:t>ingevoegd</w:t></w:r></w:ins>"
        '<w:del w:id="902" w:author="Bo" w:date="2026-11-01T10:00:00Z">'
        "<w:r><w:delText>geschrapt</w:delText></w:r></w:del></w:p>"
    )
    return _rewrite(
        data,
        "word/document.xml",
        lambda xml: xml.replace("<w:sectPr", tracked + "<w:sectPr", 1),
    )


def as_macro_document(data: bytes) -> bytes:
    """The document as Word saves it with macros (.docm)."""
    data = _rewrite(
        data,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "wordprocessingml.document.main+xml",
            "ms-word.document.macroEnabled.main+xml",
        ),
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\x00macro")
    return out.getvalue()


def encrypted_document() -> bytes:
    """What Word writes for a document with a password: a compound file
    holding an EncryptedPackage stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024


def _rewrite(data: bytes, member: str, change) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()
