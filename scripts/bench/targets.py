"""The targets of the benchmark judged on what a run measured: the ratios
between data sets, the queries per page, the summary and what was missed.

A run may measure only some data sets (`--sets`): a target is judged when
the data sets it compares were measured, and left out otherwise."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.config import (
    BASELINE_PAGE,
    CHART_PAGES,
    DASHBOARD,
    HANDBOOK,
    HANDBOOK_PAGES,
    OVERVIEW_PAGE,
    PAGES,
    RICHTLIJN_PAGE,
    RICHTLIJNEN_PAGES,
    SEARCH_PAGE,
    SEARCH_QUERIES,
    TARGET_BUILD_SECONDS,
    TARGET_GROWTH,
    TARGET_GROWTH_DASHBOARD,
    TARGET_GROWTH_HANDBOOK,
    TARGET_GROWTH_RICHTLIJNEN,
    TARGET_IMPORT_SECONDS,
    TARGET_OF_BASELINE,
    TARGET_OVERVIEW_OF_PAGE,
    Result,
    Run,
)
from bench.extras import verdict


@dataclass
class Measured:
    """Everything one run measured."""

    args: object
    sets: dict  # name: (DataSet, Run), in the order they were measured
    wave: dict | None = None
    imports: list[tuple[str, float]] = field(default_factory=list)
    machine_lines: list[str] = field(default_factory=list)
    connections: dict[str, Run] = field(default_factory=dict)
    minutes: float = 0.0
    load_before: tuple[float, ...] = (0.0, 0.0, 0.0)
    load_after: tuple[float, ...] = (0.0, 0.0, 0.0)

    def has(self, *names: str) -> bool:
        return all(name in self.sets for name in names)

    def data(self, name: str):
        return self.sets[name][0]

    def run(self, name: str) -> Run:
        return self.sets[name][1]


def growth(before: Result, after: Result) -> float:
    """How much longer a request takes on the larger data: the larger of
    the median ratio and the mean ratio (throughput at equal concurrency)."""
    if not (before.p50 and after.p50 and after.rps):
        return float("inf")
    return max(after.p50 / before.p50, before.rps / after.rps)


@dataclass
class Ratio:
    label: str
    path: str
    before: Result
    after: Result
    limit: float

    @property
    def value(self) -> float:
        return growth(self.before, self.after)

    @property
    def ok(self) -> bool:
        return self.value <= self.limit


def ratios(m: Measured, before: str, after: str, paths, limit_of) -> list[Ratio]:
    """The pages of `paths` measured on both data sets, in the table's order."""
    if not m.has(before, after):
        return []
    rows = []
    for page in PAGES:
        if page.path not in paths:
            continue
        a, b = m.run(before).result(page.path), m.run(after).result(page.path)
        if a and b:
            rows.append(Ratio(page.label, page.path, a, b, limit_of(page.path)))
    return rows


def staff_ratios(m: Measured) -> list[Ratio]:
    paths = {p.path for p in PAGES if p.path != BASELINE_PAGE}
    return ratios(
        m,
        "small",
        "large",
        paths,
        lambda path: TARGET_GROWTH_DASHBOARD if path in DASHBOARD else TARGET_GROWTH,
    )


def richtlijnen_ratios(m: Measured) -> list[Ratio]:
    return ratios(
        m, "few", "small", RICHTLIJNEN_PAGES, lambda _p: TARGET_GROWTH_RICHTLIJNEN
    )


def handbook_ratios(m: Measured) -> list[Ratio]:
    return ratios(
        m, "small", "handbook", HANDBOOK_PAGES, lambda _p: TARGET_GROWTH_HANDBOOK
    )


def query_table(m: Measured) -> list[tuple[str, list[int | None]]]:
    """Per page counted, its queries on each data set (None: not counted)."""
    return [
        (p.path, [data.queries.get(p.path) for data, _run in m.sets.values()])
        for p in PAGES
        if p.method == "GET"
    ]


def queries_fixed(m: Measured, paths=None) -> bool:
    """The same number of queries on every data set that counted the page."""
    for path, counts in query_table(m):
        if paths is not None and path not in paths:
            continue
        counted = {n for n in counts if n is not None}
        if len(counted) > 1 or -1 in counted:
            return False
    return True


def search_queries(m: Measured) -> dict[str, int]:
    """Search's own queries (beyond the baseline's session and user) per data
    set that counted it."""
    return {
        name: data.queries[SEARCH_PAGE] - data.queries[BASELINE_PAGE]
        for name, (data, _run) in m.sets.items()
        if SEARCH_PAGE in data.queries and BASELINE_PAGE in data.queries
    }


def worst(rows: list[Ratio], limit: float | None = None) -> Ratio | None:
    rows = [r for r in rows if limit is None or r.limit == limit]
    return max(rows, key=lambda r: r.value, default=None)


def errors(m: Measured) -> int:
    total = sum(r.errors for _d, run in m.sets.values() for r in run.results)
    if m.wave:
        total += m.wave["sign_errors"] + m.wave["during_errors"]
    return total


def baseline_shares(m: Measured) -> list[tuple[str, float]]:
    """(page at data set, its throughput as a share of the baseline's)."""
    shares = []
    for data, run in m.sets.values():
        base = run.result(BASELINE_PAGE)
        for r in run.results:
            if r.path != BASELINE_PAGE and base and base.rps:
                shares.append((f"{r.label} at {data.spec.label}", r.rps / base.rps))
    return shares


def overview_ratio(m: Measured) -> float | None:
    if not m.has("large"):
        return None
    run = m.run("large")
    overview, page = run.result(OVERVIEW_PAGE), run.result(RICHTLIJN_PAGE)
    return growth(page, overview) if overview and page else None


def ratio_summary(label: str, rows: list[Ratio]) -> tuple[str, bool, str] | None:
    top = worst(rows)
    if top is None:
        return None
    ok = all(r.ok for r in rows)
    return (label, ok, f"highest {top.value:.2f}× ({top.label})")


def summary(m: Measured) -> list[tuple[str, bool, str]]:
    """(target, met, what was measured) for each target this run judged."""
    args = m.args
    rows: list[tuple[str, bool, str] | None] = []
    shares = baseline_shares(m)
    if shares:
        low = min(s for _l, s in shares)
        rows.append(
            (
                f"every staff page ≥ {TARGET_OF_BASELINE} of the baseline's throughput",
                low >= TARGET_OF_BASELINE,
                f"lowest {low:.2f}",
            )
        )
    staff = staff_ratios(m)
    size = f"100× the staff ({args.small:,} → {args.large:,})"
    rows.append(
        ratio_summary(
            f"{size} costs each page ≤ {TARGET_GROWTH}× the time",
            [r for r in staff if r.limit == TARGET_GROWTH],
        )
    )
    rows.append(
        ratio_summary(
            f"… and the compliance and chart pages ≤ {TARGET_GROWTH_DASHBOARD}×",
            [r for r in staff if r.limit == TARGET_GROWTH_DASHBOARD],
        )
    )
    if m.has("small", "large"):
        rows.append(
            (
                "the chart pages (`/naleving/<slug>/`, `/meldingen/overzicht/`) "
                "run a fixed number of queries",
                queries_fixed(m, CHART_PAGES),
                "; ".join(
                    f"`{path}` {'/'.join(str(n) for n in counts if n is not None)}"
                    for path, counts in query_table(m)
                    if path in CHART_PAGES
                ),
            )
        )
    rows.append(
        ratio_summary(
            "10× the richtlijnen (3 → 30) costs the start page and the list "
            f"≤ {TARGET_GROWTH_RICHTLIJNEN}×",
            richtlijnen_ratios(m),
        )
    )
    rows.append(
        ratio_summary(
            f"the handbook's {HANDBOOK} richtlijnen against 30 cost the start page, "
            f"the list, search and the overview ≤ {TARGET_GROWTH_HANDBOOK}×",
            handbook_ratios(m),
        )
    )
    rows += summary_of_counts(m)
    rows += summary_of_large(m)
    total = errors(m)
    rows.append(("zero errors", total == 0, str(total)))
    return [row for row in rows if row is not None]


def summary_of_counts(m: Measured) -> list[tuple[str, bool, str]]:
    rows = []
    own = search_queries(m)
    if own:
        rows.append(
            (
                f"{SEARCH_QUERIES} queries per search whatever the number of "
                "richtlijnen",
                all(n == SEARCH_QUERIES for n in own.values()),
                ", ".join(
                    f"{n} at {m.data(name).spec.label}" for name, n in own.items()
                ),
            )
        )
    rows.append(
        ("a fixed number of queries per page", queries_fixed(m), "see the table")
    )
    return rows


def summary_of_large(m: Measured) -> list[tuple[str, bool, str]]:
    args, rows = m.args, []
    ratio = overview_ratio(m)
    if ratio is not None:
        rows.append(
            (
                f"the overview at {args.large:,} staff ≤ {TARGET_OVERVIEW_OF_PAGE}× "
                "the richtlijn page",
                ratio <= TARGET_OVERVIEW_OF_PAGE,
                f"{ratio:.2f}×",
            )
        )
    if m.has("large"):
        build = m.data("large").build_s
        rows.append(
            (
                f"`demo --staff {args.large} --richtlijnen 30` < "
                f"{TARGET_BUILD_SECONDS} s",
                build < TARGET_BUILD_SECONDS,
                f"{build:.0f} s",
            )
        )
    if m.has("small", "large"):
        small, large = m.run("small").memory_kb, m.run("large").memory_kb
        rows.append(
            (
                f"peak worker memory flat from {args.small:,} to {args.large:,} staff",
                large / max(small, 1) <= 1.2,
                f"{small / 1024:.0f} MB → {large / 1024:.0f} MB",
            )
        )
    for what, seconds in m.imports:
        rows.append(
            (
                f"`import_staff` of {what} employees ≤ {TARGET_IMPORT_SECONDS} s",
                seconds <= TARGET_IMPORT_SECONDS,
                f"{seconds:.0f} s",
            )
        )
    return rows


def missed(m: Measured) -> list[str]:
    """Each miss in a sentence, for the line under the summary."""
    out = [
        f"{label}: {share:.2f} of baseline"
        for label, share in baseline_shares(m)
        if share < TARGET_OF_BASELINE
    ]
    for name, rows in (
        ("100× the staff", staff_ratios(m)),
        ("10× the richtlijnen", richtlijnen_ratios(m)),
        (f"{HANDBOOK} richtlijnen against 30", handbook_ratios(m)),
    ):
        out += [
            f"{r.label}: {r.value:.2f}× the time at {name} (target ≤ {r.limit}×)"
            for r in rows
            if not r.ok
        ]
    out += [
        f"{target}: {detail}"
        for target, ok, detail in summary_of_counts(m) + summary_of_large(m)
        if not ok
    ]
    return out


__all__ = ["Measured", "Ratio", "growth", "summary", "missed", "verdict"]
