"""The benchmark's verdicts and its page, from figures given here: the
targets it judges must follow the figures, and a run on one engine must
keep the other engine's section of docs/performance.md."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from bench.cli import parse
from bench.config import PAGES, Result, Run, data_sets
from bench.report import write
from bench.targets import Measured, missed, summary


@dataclass
class Figures:
    """What the report reads of a data set once it is measured."""

    spec: object
    users: int = 507
    signatures: int = 12_000
    build_s: float = 50.0
    queries: dict = field(default_factory=dict)

    @property
    def richtlijnen(self) -> int:
        return self.spec.richtlijnen


def run_of(spec, p50: dict[str, float]) -> tuple[Figures, Run]:
    results = []
    for p in spec.pages:
        ms = p50.get(p.path, 10.0)
        results.append(Result(p.label, p.path, 100, 1000 / ms, ms, 20.0, 30.0, 0))
    queries = {p.path: 3 if p.path == "/ping/" else 5 for p in spec.pages}
    return Figures(spec, queries=queries), Run(results, 120_000)


def measured(handbook_overview_ms: float) -> Measured:
    args = parse(["--sets", "small,handbook"])
    specs = data_sets(args.small, args.large)
    return Measured(
        args=args,
        sets={
            "small": run_of(specs["small"], {"/naleving/": 40.0}),
            "handbook": run_of(specs["handbook"], {"/naleving/": handbook_overview_ms}),
        },
    )


def test_the_handbook_target_follows_the_overview_s_cost():
    met = {t: ok for t, ok, _d in summary(measured(handbook_overview_ms=55.0))}
    missed_ = {t: ok for t, ok, _d in summary(measured(handbook_overview_ms=70.0))}
    handbook = next(t for t in met if "handbook" in t)
    assert met[handbook] and not missed_[handbook]
    assert any("1.75×" in line for line in missed(measured(handbook_overview_ms=70.0)))
    # Two queries of its own per search on both data sets.
    assert next(ok for t, ok, _d in summary(measured(55.0)) if "per search" in t)


def test_a_run_keeps_the_other_engine_s_section(tmp_path):
    output = tmp_path / "performance.md"
    write(measured(55.0), "PostgreSQL", output)
    write(measured(70.0), "SQLite", output)
    text = output.read_text()
    assert text.count("## PostgreSQL") == 1 and text.count("## SQLite") == 1
    postgres = text.split("<!-- bench: PostgreSQL -->")[1]
    assert "| met: highest 1.38× (/naleving/ (Beleid)) |" in postgres
    write(measured(40.0), "SQLite", output)
    assert "1.75×" not in output.read_text()  # its own section was replaced
    assert "1.38×" in output.read_text()


def test_unknown_data_sets_are_refused(capsys):
    with pytest.raises(SystemExit):
        parse(["--sets", "huge"])
    assert "--sets takes few, small, handbook, large" in capsys.readouterr().err


def test_every_page_has_one_row():
    assert len({p.path for p in PAGES}) == len(PAGES)


@pytest.mark.django_db
def test_the_sessions_the_benchmark_makes_are_logged_in(client, user_factory, capsys):
    """The benchmark logs in by writing session rows; a session naming a
    backend that cannot load users (the permission rules') is logged out at
    once, and every measured page would be a redirect."""
    from bench import snippets
    from django.urls import reverse

    for name in ("medewerker", "beleid"):
        user_factory(email=f"{name}@sterkhuis.test")
    exec(snippets.SESSION_CODE, {})  # our own snippet, as the benchmark runs it
    lines = capsys.readouterr().out.split("\n")
    sessions = dict(line.split()[:2] for line in lines if line.strip())
    assert set(sessions) == {"medewerker", "beleid"}
    client.cookies["sessionid"] = sessions["medewerker"]
    assert client.get(reverse("ping")).status_code == 200
