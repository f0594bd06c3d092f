"""The handbook: chapters."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Chapter(models.Model):
    """A chapter (hoofdstuk) of the kwaliteitshandboek: the richtlijnen
    list shows the handbook chapter by chapter, in the order of `number`."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("hoofdstuk")
        verbose_name_plural = _("hoofdstukken")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
