"""The social-media richtlijn as search's tests publish it."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

# The text without its links to the other richtlijnen of the handbook, which
# publication would refuse here: these tests publish it alone.
SOCIAL_MEDIA = re.sub(
    r"\[([^\]]+)\]\(/richtlijnen/[^)]*\)",
    r"\1",
    (Path(settings.BASE_DIR) / "content" / "social-media.md").read_text(),
)
