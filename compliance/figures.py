"""The compliance figures as a read model: `ComplianceCount` rows per version
in force (or to come) × population × department.

A signature adds one to its rows in its own transaction
(`figures_count_signature`), so the pages read a few hundred rows instead of
counting every signature. The rarer events that change who must sign or what
counts (a publication, a withdrawal, a staff import, a person's department or
status, a richtlijn's audience) recount only their slice
(`figures_refresh`), with the same rules the pages' lists use:
`Guideline.audience` and `Signature.objects.counting_for`.

Time alone changes the figures of a richtlijn that asks to be signed again
every so many months: a signature older than that stops counting. Each
recount notes on the richtlijn the first day that can happen
(`Guideline.figures_fresh_until`, the day its oldest counted signature runs
out), and every reader of the figures first asks `figures_catch_up`, which
counts the richtlijnen past that day again: no query while none is, so the
figures are exact at every moment without a job having to run first.
`recount_compliance --expired`, run daily, does the same ahead of the first
reader.

Why a table with F() updates rather than a materialised view: a view is
refreshed as a whole (seconds at 50,000 staff, and PostgreSQL only), while a
signature touches one row per version it counts for, and a rare event a
slice. The test suite's property test checks after random sequences of those
events that the table equals a count from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Min,
    Q,
    Sum,
    Value,
    When,
)

from accounts import roles
from accounts.models import Partnership, User, employee_q, partner_q
from compliance.daily import days_write
from compliance.models import ComplianceCount, Population
from policy.models import (
    Guideline,
    GuidelineVersion,
    Signature,
    add_months,
    local_today,
    signature_runs_out,
)


def slice_of(user) -> tuple[str, int | None]:
    """The population and department whose figures `user` counts in: staff
    in their own department, a partner in zorg as a partner in their
    contact person's department."""
    if roles.is_partner(user):
        department = (
            Partnership.objects.filter(user_id=user.pk)
            .values_list("contact_person__department_id", flat=True)
            .first()
        )
        return Population.PARTNER, department
    return Population.STAFF, user.department_id


_PARTNER = partner_q()


def _slice_columns() -> dict:
    """`slice_of` as columns of a query over users."""
    return {
        "slice_population": Case(
            When(_PARTNER, then=Value(Population.PARTNER)),
            default=Value(Population.STAFF),
            output_field=CharField(),
        ),
        "slice_department": Case(
            When(_PARTNER, then=F("partnership__contact_person__department_id")),
            default=F("department_id"),
            output_field=IntegerField(),
        ),
    }


def _departments_q(departments: Iterable[int | None], prefix: str = "") -> Q:
    ids = [d for d in departments if d is not None]
    q = Q(**{f"{prefix}department_id__in": ids})
    if None in departments:
        q |= Q(**{f"{prefix}department__isnull": True})
    return q


def _people_q(departments: set[int | None]) -> Q:
    """The people whose slice lies in `departments`. A partner's own account
    has no department, so None (someone without a department changed) takes
    in every partner in zorg."""
    partners = _PARTNER
    if None not in departments:
        partners &= _departments_q(departments, "partnership__contact_person__")
    return (employee_q() & _departments_q(departments)) | partners


def _rows_q(departments: set[int | None]) -> Q:
    """The figures' rows of `_people_q(departments)`."""
    q = _departments_q(departments)
    if None in departments:
        q |= Q(population=Population.PARTNER)
    return q


def count_from_scratch(
    version: GuidelineVersion, users=None
) -> dict[tuple[str, int | None], tuple[int, int]]:
    """Audience and signed per slice for `version`, counted by the one rule."""
    counts: dict[tuple[str, int | None], list[int]] = {}
    for index, people in enumerate(
        (version.guideline.audience(users), version.signers(users))
    ):
        for population, department, n in (
            people.annotate(**_slice_columns())
            .values("slice_population", "slice_department")
            .annotate(n=Count("pk"))
            .values_list("slice_population", "slice_department", "n")
        ):
            counts.setdefault((population, department), [0, 0])[index] = n
    return {key: (a, s) for key, (a, s) in counts.items()}


def figures_refresh(
    *,
    guideline_ids: Iterable[int] | None = None,
    departments: Iterable[int | None] | None = None,
) -> None:
    """Count the figures of these richtlijnen (default: all) for the people
    of these departments (default: everyone) again.

    Locks the richtlijnen and then the rows it replaces, so a signature
    being stored at the same time either is counted here or adds its one
    after this transaction.
    """
    with transaction.atomic():
        guidelines = Guideline.objects.select_for_update().order_by("pk")
        if guideline_ids is not None:
            guidelines = guidelines.filter(pk__in=list(guideline_ids))
        locked = list(guidelines.values_list("pk", flat=True))
        if not locked:
            return
        rows = ComplianceCount.objects.filter(version__guideline_id__in=locked)
        users = User.objects.all()
        if departments is not None:
            departments = set(departments)
            rows = rows.filter(_rows_q(departments))
            users = users.filter(_people_q(departments))
        existing = {
            (row.version_id, row.population, row.department_id): row
            for row in rows.select_for_update().order_by("pk")
        }
        fresh = {}
        for version in (
            GuidelineVersion.objects.current()
            .filter(guideline_id__in=locked)
            .without_text()
            .select_related("guideline")
        ):
            for (population, department), counts in count_from_scratch(
                version, users
            ).items():
                fresh[version.pk, population, department] = counts
        gone = [row.pk for key, row in existing.items() if key not in fresh]
        ComplianceCount.objects.filter(pk__in=gone).delete()
        changed, new = [], []
        for key, (audience, signed) in fresh.items():
            row = existing.get(key)
            if row is None:
                version_id, population, department = key
                new.append(
                    ComplianceCount(
                        version_id=version_id,
                        population=population,
                        department_id=department,
                        audience=audience,
                        signed=signed,
                    )
                )
            elif (row.audience, row.signed) != (audience, signed):
                row.audience, row.signed = audience, signed
                changed.append(row)
        ComplianceCount.objects.bulk_create(new, batch_size=1000)
        ComplianceCount.objects.bulk_update(
            changed, ["audience", "signed"], batch_size=1000
        )
        where = Q(version__guideline_id__in=locked)
        if departments is not None:
            where &= _rows_q(departments)
        days_write(where)
        _mark_fresh(locked)


def _mark_fresh(guideline_ids: list[int]) -> None:
    """Note until when time alone leaves each richtlijn's figures as just
    counted: the day its oldest counted signature runs out, or, with none,
    the day one given now would. A signature given later runs out later."""
    today = local_today()
    for guideline in Guideline.objects.filter(pk__in=guideline_ids).exclude(
        resign_interval_months=None, figures_fresh_until=None
    ):
        until = None
        interval = guideline.resign_interval_months
        if interval:
            versions = list(guideline.versions.current())
            oldest = (
                Signature.objects.counting_for_any(versions).aggregate(
                    oldest=Min("signed_at")
                )["oldest"]
                if versions
                else None
            )
            until = min(
                add_months(today, interval),
                signature_runs_out(oldest, interval) if oldest else today.max,
            )
        Guideline.objects.filter(pk=guideline.pk).update(figures_fresh_until=until)


def figures_catch_up(guidelines: Iterable[Guideline]) -> None:
    """Count again the figures of those of `guidelines` whose signatures
    may have run out since they were counted: the readers' call, so the
    figures are exact also when only time passed. Costs no query while
    nothing ran out."""
    today = local_today()
    due = {
        guideline.pk
        for guideline in guidelines
        if guideline.figures_fresh_until is not None
        and guideline.figures_fresh_until <= today
    }
    if due:
        figures_refresh(guideline_ids=due)


def figures_count_signature(signature: Signature) -> None:
    """Add a new signature to the figures of every version it counts for.

    Call inside the transaction that stores it: the figures and the
    signatures commit together or not at all.
    """
    population, department = slice_of(signature.user)
    where = Q(
        version__in=GuidelineVersion.objects.counted_by(signature.version).values("pk"),
        population=population,
    ) & _departments_q([department])
    ComplianceCount.objects.filter(where).update(signed=F("signed") + 1)
    # Under the lock of the rows just updated: today's rollup follows them.
    days_write(where)


def _figures_in(versions: list[GuidelineVersion], departments=None):
    rows = ComplianceCount.objects.filter(version__in=[v.pk for v in versions])
    if departments is not None:
        rows = rows.filter(_departments_q(departments))
    return rows.order_by()


def figures_of(versions: list[GuidelineVersion], departments=None):
    """(version id, population, department id, audience, signed) for
    `versions`, in these departments (default: all): one query."""
    return _figures_in(versions, departments).values_list(
        "version_id", "population", "department_id", "audience", "signed"
    )


def version_totals(versions: list[GuidelineVersion], departments=None):
    """Per version: (version id, audience, signed, cells behind, staff still
    to sign), added up by the database over the departments (default: all)
    and both populations; a cell is behind while its signed < audience."""
    return (
        _figures_in(versions, departments)
        .values("version_id")
        .annotate(
            total_audience=Sum("audience"),
            total_signed=Sum("signed"),
            behind=Count("pk", filter=Q(signed__lt=F("audience"))),
            staff_waiting=Sum(
                F("audience") - F("signed"),
                filter=Q(population=Population.STAFF),
                default=0,
            ),
        )
        .values_list(
            "version_id", "total_audience", "total_signed", "behind", "staff_waiting"
        )
    )


def department_totals_of(versions: list[GuidelineVersion], departments=None):
    """Per population and department: (population, department id, audience,
    signed) over all of `versions`, added up by the database."""
    return (
        _figures_in(versions, departments)
        .filter(audience__gt=0)
        .values("population", "department_id")
        .annotate(total_audience=Sum("audience"), total_signed=Sum("signed"))
        .values_list("population", "department_id", "total_audience", "total_signed")
    )


def departments_waiting(versions: list[GuidelineVersion], departments=None):
    """{version id: the departments (default: of all) where it still waits
    for staff}. One query; it tells a list of names where to look."""
    where: dict[int, set[int | None]] = {}
    for version_id, department_id in (
        _figures_in(versions, departments)
        .filter(population=Population.STAFF, signed__lt=F("audience"))
        .values_list("version_id", "department_id")
    ):
        where.setdefault(version_id, set()).add(department_id)
    return where


def people_in(departments: Iterable[int | None]) -> Q:
    """Staff of these departments (None: staff without one), as a filter of
    a query over users."""
    return _departments_q(list(departments))


def publication_effect(guideline: Guideline) -> dict[str, int]:
    """What publishing a new version of `guideline` does, from the figures of
    its version in force: a minor version keeps `keep_if_minor` signatures
    and asks `asked_if_minor` people; a material one asks all
    `asked_if_material` people of the audience to sign again."""
    in_force = guideline.version_in_force()
    figures_catch_up([guideline])
    totals = (
        ComplianceCount.objects.filter(version=in_force).totals()
        if in_force is not None
        else {"audience": 0, "signed": 0}
    )
    if in_force is None:
        totals["audience"] = guideline.audience().count()
    return {
        "keep_if_minor": totals["signed"],
        "asked_if_minor": totals["audience"] - totals["signed"],
        "asked_if_material": totals["audience"],
    }
