from __future__ import annotations

from reporting.submission import signal_submit


def make_signal(reporter, **overrides):
    data = {
        "kind": "kritiek",
        "title": "Kritiek op Facebook",
        "description": "Een boze reactie onder ons bericht.",
        "url": "https://www.facebook.com/sterkhuis/posts/2",
        "platform": "facebook",
    }
    data.update(overrides)
    return signal_submit(reporter=reporter, **data)
