"""What the benchmark measures and the targets it reports."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "18090"))
BASE = f"http://127.0.0.1:{PORT}"
LUA = ROOT / "scripts" / "bench.lua"
WARM_UP_SECONDS = 2


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    user: str
    method: str = "GET"


# The first row is the baseline.
PAGES = [
    Page("baseline: /ping/", "/ping/", "medewerker"),
    Page("start /", "/", "medewerker"),
    Page("/richtlijnen/", "/richtlijnen/", "medewerker"),
    Page("/richtlijnen/social-media/", "/richtlijnen/social-media/", "medewerker"),
    Page(
        "compare v1 → v2",
        "/richtlijnen/social-media/versies/1/vergelijk/2/",
        "medewerker",
    ),
    Page("/naleving/ (Beleid)", "/naleving/", "beleid"),
    Page("/naleving/social-media/ (Beleid)", "/naleving/social-media/", "beleid"),
    Page("/meldingen/overzicht/ (Beleid)", "/meldingen/overzicht/", "beleid"),
    Page("submit a signal (POST)", "/meldingen/nieuw/", "medewerker", "SIGNAL"),
    Page("search /zoeken/?q=WhatsApp", "/zoeken/?q=WhatsApp", "medewerker"),
]
BASELINE_PAGE = "/ping/"
SEARCH_PAGE = "/zoeken/?q=WhatsApp"
OVERVIEW_PAGE = "/naleving/"
RICHTLIJN_PAGE = "/richtlijnen/social-media/"
# The compliance overview and the chart pages: their content grows with the
# number of departments, so 100 times the staff may cost them more.
DASHBOARD = {"/naleving/", "/naleving/social-media/", "/meldingen/overzicht/"}
CHART_PAGES = ("/naleving/social-media/", "/meldingen/overzicht/")
# 10 times the richtlijnen: the pages that list every richtlijn.
RICHTLIJNEN_PAGES = ("/", "/richtlijnen/")
# The handbook's 200 richtlijnen against 30: the pages that read them all.
HANDBOOK_PAGES = ("/", "/richtlijnen/", SEARCH_PAGE, OVERVIEW_PAGE)
HANDBOOK = 200
# The queries of search itself, whatever the number of richtlijnen.
SEARCH_QUERIES = 2

# Targets reported, not enforced: the document says which were met.
TARGET_OF_BASELINE = 0.6
TARGET_GROWTH = 1.3  # 100 times the staff, each page
TARGET_GROWTH_DASHBOARD = 1.5  # … the compliance and chart pages
TARGET_GROWTH_RICHTLIJNEN = 1.5  # 10 times the richtlijnen: start page and list
TARGET_GROWTH_HANDBOOK = 1.5  # the handbook's 200 richtlijnen against 30
TARGET_OVERVIEW_OF_PAGE = 3.0  # the overview against the richtlijn page
TARGET_BUILD_SECONDS = 120
TARGET_IMPORT_SECONDS = 60
SIGNERS = 1000


def page(path: str) -> Page:
    return next(p for p in PAGES if p.path == path)


def pages(*paths: str) -> list[Page]:
    """The baseline and the pages of `paths`, in the table's order."""
    wanted = {BASELINE_PAGE, *paths}
    return [p for p in PAGES if p.path in wanted]


@dataclass(frozen=True)
class DataSetSpec:
    """A data set of the benchmark and the pages measured on it."""

    name: str
    staff: int
    richtlijnen: int
    pages: tuple[Page, ...]

    @property
    def label(self) -> str:
        return f"{self.staff:,} staff, {self.richtlijnen} richtlijnen"


def data_sets(small: int, large: int) -> dict[str, DataSetSpec]:
    """The data sets in the order a full run builds them."""
    every = tuple(PAGES)
    return {
        "few": DataSetSpec("few", small, 3, every),
        "small": DataSetSpec("small", small, 30, every),
        "handbook": DataSetSpec(
            "handbook", small, HANDBOOK, tuple(pages(*HANDBOOK_PAGES))
        ),
        "large": DataSetSpec("large", large, 30, every),
    }


@dataclass
class Result:
    label: str
    path: str
    requests: int
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int


@dataclass
class Run:
    results: list[Result]
    memory_kb: int

    def result(self, path: str) -> Result | None:
        return next((r for r in self.results if r.path == path), None)
