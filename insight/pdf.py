"""PDF through WeasyPrint, from a template: the version texts of the audit
dossier and the management report. WeasyPrint needs Pango and HarfBuzz from
Debian's packages (`make pdf-libs`, `.ci/run`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _fetch_nothing(url: str, *args, **kwargs):
    """A PDF is made from our own template only: no file or address outside
    it is read, whatever a text links to."""
    raise ValueError(f"not fetched: {url[:80]}")


def pdf_from_template(template: str, context: dict) -> bytes:
    from PIL import ImageFile

    # Importing WeasyPrint switches Pillow to accepting truncated images for
    # the whole process; the upload check relies on Pillow refusing them.
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import CSS, HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = truncated

    html = render_to_string(template, context)
    stylesheet = finders.find("css/print-report.css")
    return HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetch_nothing
    ).write_pdf(stylesheets=[CSS(filename=stylesheet)])
