"""Demo data of the signals: PR's standard answers (created once, never
overwritten, so PR's own edits survive a second run)."""

from __future__ import annotations

from reporting.models import StandardAnswer

STANDARD_ANSWERS = {
    "Bedankt voor het compliment": (
        "Dank je wel voor het doorgeven. We delen het compliment met het team."
    ),
    "Kritiek: wij reageren": (
        "Dank je wel. PR en communicatie reageert zelf op dit bericht; "
        "reageer er alsjeblieft niet zelf op."
    ),
    "Vraag: je mag dit plaatsen": (
        "Je mag dit plaatsen. Let erop dat er geen cliënten herkenbaar zijn."
    ),
    "Vraag: liever niet plaatsen": (
        "We raden je aan dit niet te plaatsen: het bericht kan een cliënt of "
        "collega herkenbaar maken (grondbeginsel 6 van de richtlijn)."
    ),
}


def load() -> None:
    for title, text in STANDARD_ANSWERS.items():
        StandardAnswer.objects.get_or_create(title=title, defaults={"text": text})
