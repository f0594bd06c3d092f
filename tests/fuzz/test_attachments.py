"""Generated attachments for the signal form: random bytes, truncated images
and PDFs, and files whose name or declared type lies about their content.
Never a 500, and whatever is stored is a whole image or PDF that the server
re-read itself."""

from __future__ import annotations

import io
import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from reporting.models import Attachment
from tests.reporting import helpers
from tests.reporting.helpers import fake

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
VALID = {
    "png": helpers.png().read(),
    "jpeg": helpers.jpeg_with_location().read(),
    "webp": helpers.webp().read(),
    "gif": helpers.gif().read(),
    "pdf": helpers.pdf().read(),
}


@st.composite
def truncated(draw) -> bytes:
    data = VALID[draw(st.sampled_from(sorted(VALID)))]
    return data[: draw(st.integers(min_value=0, max_value=len(data) - 1))]


contents = st.one_of(
    st.binary(max_size=3000),
    truncated(),
    st.sampled_from(list(VALID.values())),
    st.just(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'),
    st.just(b"<html><script>alert(1)</script></html>"),
    st.just(b"MZ\x90\x00" + b"\x00" * 60),  # a Windows executable's start
)
names = st.one_of(
    st.sampled_from(
        ["x.png", "x.jpg", "x.webp", "x.pdf", "x.gif", "x.svg", "x.exe", "x", ""]
    ),
    st.text(max_size=40).map(lambda s: s + ".png"),
)
types = st.sampled_from(
    ["image/png", "image/jpeg", "application/pdf", "text/html", "image/svg+xml", ""]
)
files = st.lists(st.tuples(names, contents, types), min_size=1, max_size=3)


def is_whole_file(data: bytes, content_type: str) -> bool:
    if content_type == "application/pdf":
        PdfReader(io.BytesIO(data))
        return data.startswith(b"%PDF")
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return Image.MIME.get(image.format) == content_type


@FUZZ
@given(uploads=files)
def test_attachments_never_fail_badly(medewerker_client, medewerker, uploads):
    before = set(Attachment.objects.values_list("pk", flat=True))
    response = medewerker_client.post(
        reverse("reporting:create"),
        {
            "kind": "nieuws",
            "title": "Artikel",
            "description": "Een artikel over ons werk.",
            "url": "https://example.com/a",
            "platform": "nieuwssite",
            "seen_on": "",
            "submission_key": str(uuid.uuid4()),
            "pending": "",
            "attachments": [fake(n or "x", c, t) for n, c, t in uploads],
        },
    )
    assert response.status_code in (200, 302)
    new = Attachment.objects.exclude(pk__in=before)
    for attachment in new:
        with attachment.file.open("rb") as f:
            data = f.read()
        assert attachment.size == len(data)
        assert is_whole_file(data, attachment.content_type), attachment.content_type
    if response.status_code == 302:
        assert new.filter(signal__isnull=False).count() == len(uploads)
