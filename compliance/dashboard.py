"""Who has signed: the figures behind /naleving/, computed in a fixed number
of queries whatever the number of staff."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Value
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Department, User, current_partner_q, employee_q
from compliance import figures
from compliance.figures import figures_of
from compliance.models import Population
from core.addresses import remembered_reverse
from policy.models import Guideline, GuidelineVersion, local_today


@dataclass(frozen=True)
class Scope:
    """The departments a user may see compliance of.

    Beleid and superusers see all departments, and staff without one; a
    leidinggevende sees the departments whose manager they are
    (`Department.manager`).
    """

    everything: bool
    departments: tuple[Department, ...]

    @property
    def department_ids(self) -> list[int]:
        return [d.pk for d in self.departments]

    def users(self):
        return User.objects.filter(self.users_q())

    def people(self):
        """Staff and partners in zorg in scope: whom the exports list."""
        return User.objects.filter(self.users_q() | self.partners_q())

    def partners_q(self, prefix: str = "") -> Q:
        """Partners in zorg in scope: current ones, in scope through their
        contact person's department (the figures' group they count in)."""
        q = current_partner_q(prefix)
        if not self.everything:
            q &= Q(
                **{
                    f"{prefix}partnership__contact_person__department_id__in": (
                        self.department_ids
                    )
                }
            )
        return q

    def users_q(self, prefix: str = "") -> Q:
        """`users()` as a condition on a related user (`prefix="user__"`), so
        a query over signatures filters in its own join, not a subquery."""
        q = Q(**{f"{prefix}is_active": True})
        # Staff only: partners in zorg are counted as a group of their own.
        q &= employee_q(prefix)
        if not self.everything:
            q &= Q(**{f"{prefix}department_id__in": self.department_ids})
        return q

    def includes(self, department_id: int | None) -> bool:
        return self.everything or department_id in self.department_ids

    def describe(self) -> str:
        if self.everything:
            return _("alle afdelingen")
        return ", ".join(d.name for d in self.departments)[:200]


def _sees_all(user) -> bool:
    return roles.is_beleid(user)


def _sees_own_departments(user) -> bool:
    return roles.is_leidinggevende(user)


def may_see_compliance(user) -> bool:
    """Whether the navigation offers the dashboard: the same rule as
    `compliance_scope`, without loading any department."""
    return _sees_all(user) or _sees_own_departments(user)


def compliance_scope(user) -> Scope:
    """The one access rule of the dashboard, its pages and the exports."""
    if _sees_all(user):
        return Scope(True, tuple(Department.objects.all()))
    if _sees_own_departments(user):
        return Scope(False, tuple(Department.objects.filter(manager=user)))
    raise PermissionDenied


@dataclass
class DepartmentRow:
    department_id: int | None
    name: str
    audience: int
    signed: int
    # Staff, or a group of partners in zorg (per their contact person's
    # department).
    population: str = Population.STAFF

    @property
    def partners(self) -> bool:
        return self.population == Population.PARTNER

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.audience) if self.audience else 100

    @property
    def url(self) -> str:
        """The department's page; none for partners or staff without one."""
        if self.partners or self.department_id is None:
            return ""
        return remembered_reverse("compliance:department", self.department_id)


@dataclass
class VersionRow:
    version: GuidelineVersion
    departments: list[DepartmentRow] = field(default_factory=list)

    @property
    def audience(self) -> int:
        return sum(d.audience for d in self.departments)

    @property
    def signed(self) -> int:
        return sum(d.signed for d in self.departments)

    @property
    def staff_waiting(self) -> int:
        """How many staff this version still waits for (the overdue list is
        of staff)."""
        return sum(d.audience - d.signed for d in self.departments if not d.partners)

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.audience) if self.audience else 100

    @property
    def departments_behind(self) -> int:
        return sum(1 for d in self.departments if d.signed < d.audience)

    @property
    def overdue(self) -> bool:
        deadline = self.version.signing_deadline
        return bool(
            deadline and deadline < local_today() and self.signed < self.audience
        )


# What the figures, their rows and the overdue list read of a version and its
# richtlijn: two hundred of them cost their rows, not every column.
_VERSION_FIELDS = (
    "guideline__slug",
    "guideline__title",
    "guideline__audience_all",
    "guideline__audience_partners",
    "guideline__resign_interval_months",
    "guideline__figures_fresh_until",
    "number",
    "status",
    "is_minor",
    "effective_date",
    "signing_deadline",
    "signatures_from_number",
)


def _versions_in_force(today, guideline: Guideline | None = None):
    versions = GuidelineVersion.objects.in_force(today).only(*_VERSION_FIELDS)
    if guideline is not None:
        versions = versions.filter(guideline=guideline)
    versions = list(versions.select_related("guideline").order_by("guideline__title"))
    figures.figures_catch_up(v.guideline for v in versions)
    return versions


def _department_names(scope: Scope) -> dict[int | None, str]:
    names = {d.pk: d.name for d in scope.departments}
    names[None] = _("(geen afdeling)")
    return names


def _partners_name(department_name: str) -> str:
    return _("Partners in zorg · %(department)s") % {"department": department_name}


def _scope_departments(scope: Scope):
    return None if scope.everything else scope.department_ids


def dashboard(
    scope: Scope,
    today: datetime.date | None = None,
    *,
    guideline: Guideline | None = None,
) -> list[VersionRow]:
    """Per version in force (of one richtlijn, if given): signed out of the
    audience, per department in scope, read from the figures (two queries,
    whatever the number of staff)."""
    versions = _versions_in_force(today, guideline)
    if not versions:
        return []
    names = _department_names(scope)
    order = {d.pk: i for i, d in enumerate(scope.departments)}
    order[None] = len(order)
    cells = defaultdict(list)
    for version_id, population, department_id, audience, signed in figures_of(
        versions, _scope_departments(scope)
    ):
        if not audience:
            continue
        name = names.get(department_id, "")
        if population == Population.STAFF:
            key = (0, order.get(department_id, 0), "")
        else:
            # Partners in zorg after the staff, by their department's name.
            name = _partners_name(name)
            key = (1, 0, name)
        cells[version_id].append(
            (key, DepartmentRow(department_id, name, audience, signed, population))
        )
    rows = []
    for version in versions:
        row = VersionRow(version)
        row.departments = [
            cell for _key, cell in sorted(cells[version.pk], key=lambda c: c[0])
        ]
        rows.append(row)
    return rows


@dataclass
class VersionTotal:
    """A version in force with its figures added up over the departments in
    scope: the overview's row, without the cells behind it."""

    version: GuidelineVersion
    audience: int = 0
    signed: int = 0
    departments_behind: int = 0
    staff_waiting: int = 0

    percent = VersionRow.percent
    overdue = VersionRow.overdue


def version_totals(
    scope: Scope, versions: list[GuidelineVersion]
) -> list[VersionTotal]:
    """`dashboard`'s rows added up by the database: one row per version,
    whatever the number of departments."""
    totals = {
        version_id: (audience, signed, behind, waiting)
        for version_id, audience, signed, behind, waiting in figures.version_totals(
            versions, _scope_departments(scope)
        )
    }
    return [VersionTotal(v, *totals.get(v.pk, (0, 0, 0, 0))) for v in versions]


def department_totals(
    scope: Scope, versions: list[GuidelineVersion]
) -> list[DepartmentRow]:
    """Per department, the signatures of all its richtlijnen added up: which
    teams lag behind, whatever the number of richtlijnen."""
    names = _department_names(scope)
    rows = []
    for population, department_id, audience, signed in figures.department_totals_of(
        versions, _scope_departments(scope)
    ):
        name = names.get(department_id, "")
        if population == Population.PARTNER:
            name = _partners_name(name)
        rows.append(DepartmentRow(department_id, name, audience, signed, population))
    return sorted(rows, key=lambda d: (d.percent, d.name))


@dataclass(frozen=True)
class Overdue:
    user_id: int
    name: str
    department: str
    version: GuidelineVersion
    days: int


def _overdue_versions(rows, limit: int, today) -> list[GuidelineVersion]:
    """The overdue versions that fill the list, in its order: the earliest
    deadline first, then by richtlijn. The list never needs more versions
    than it has lines, however many richtlijnen share a deadline."""
    overdue = sorted(
        (
            row
            for row in rows
            if row.version.signing_deadline
            and row.version.signing_deadline < today
            and row.staff_waiting
        ),
        key=lambda row: (
            row.version.signing_deadline,
            row.version.guideline.title,
            row.version.pk,
        ),
    )
    chosen, waiting = [], 0
    for row in overdue:
        if waiting >= limit:
            break
        chosen.append(row.version)
        waiting += row.staff_waiting
    return chosen


def _overdue_part(scope: Scope, version, waiting_in: set, limit: int, place: int):
    """The first `limit` people by name who still have to sign `version`.

    The figures say in which departments it still waits for staff, so the
    part looks only there. It reads the staff in name order (an index on
    name, or on department and name) and stops at `limit`: the range on
    `last_name` lets SQLite's planner, which cannot see the values of the
    other conditions, walk that index instead of sorting everyone, and the
    limit sits in a subquery because SQLite allows none inside a union.
    """
    unsigned = version.unsigned(scope.users())
    if not waiting_in.issuperset(scope.department_ids):
        unsigned = unsigned.filter(figures.people_in(waiting_in))
    elif scope.everything and None not in waiting_in:
        # Every department: only those without one can be left out.
        unsigned = unsigned.filter(department__isnull=False)
    first = unsigned.filter(last_name__gte="").order_by(
        "last_name", "first_name", "email"
    )
    return (
        User.objects.filter(pk__in=first.values("pk")[:limit])
        .annotate(overdue_version=Value(version.pk), overdue_place=Value(place))
        .values(
            "pk",
            "first_name",
            "last_name",
            "email",
            "department__name",
            "overdue_version",
            "overdue_place",
        )
        .order_by()
    )


def overdue_people(
    scope: Scope,
    rows: list[VersionRow] | list[VersionTotal],
    limit: int = 25,
    today: datetime.date | None = None,
) -> list[Overdue]:
    """The longest-overdue signatures in scope: by deadline, then by
    richtlijn, then by name.

    The figures say how many people each overdue version still waits for,
    so only the versions with the earliest deadlines that fill the list are
    asked for names, in one query (`GuidelineVersion.unsigned`, the rule
    the exports and reminders use) that reads each version's first `limit`
    by name: it costs the length of the list, not the number of staff or
    of richtlijnen.
    """
    today = today or local_today()
    chosen = _overdue_versions(rows, limit, today)
    if not chosen:
        return []
    where = figures.departments_waiting(chosen, _scope_departments(scope))
    parts = [
        _overdue_part(scope, version, where.get(version.pk, set()), limit, place)
        for place, version in enumerate(chosen)
    ]
    order = ("last_name", "first_name", "email")
    if len(parts) == 1:
        query = parts[0].order_by(*order)
    else:
        query = parts[0].union(*parts[1:], all=True).order_by("overdue_place", *order)
    by_id = {v.pk: v for v in chosen}
    result = []
    for person in query[:limit]:
        version = by_id[person["overdue_version"]]
        name = f"{person['first_name']} {person['last_name']}".strip()
        result.append(
            Overdue(
                user_id=person["pk"],
                name=name or person["email"],
                department=person["department__name"] or "",
                version=version,
                days=(today - version.signing_deadline).days,
            )
        )
    return result


@dataclass
class Overview:
    rows: list[VersionTotal]
    departments: list[DepartmentRow]
    overdue: list[Overdue]


def compliance_overview(scope: Scope) -> Overview:
    """The dashboard's figures for `scope`, added up by the database from the
    read model: no cache to go stale, no count that grows with the
    signatures, no loop over every department of every richtlijn."""
    today = local_today()
    versions = _versions_in_force(today)
    rows = version_totals(scope, versions) if versions else []
    return Overview(
        rows=rows,
        departments=department_totals(scope, versions) if versions else [],
        overdue=overdue_people(scope, rows, today=today),
    )
