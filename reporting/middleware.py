"""Uploads keep a file whose name cleans down to nothing."""

from __future__ import annotations

from django.http.multipartparser import MultiPartParser
from django.utils.translation import gettext as _


class UploadNameParser(MultiPartParser):
    """Django's parser drops a file whose name cleans down to nothing ("..",
    only control characters) without a word, and the signal would be stored
    without it. Such a file gets a neutral name instead; its content is
    checked as any other's. (A part without a name, no file chosen, stays
    skipped.)"""

    def sanitize_file_name(self, file_name):
        return super().sanitize_file_name(file_name) or _("bijlage")


class UploadNameMiddleware:
    """Before anything reads request.POST (the CSRF check does)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.multipart_parser_class = UploadNameParser
        return self.get_response(request)
