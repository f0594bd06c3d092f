"""Who has signed: the figures behind /naleving/, computed in a fixed number
of queries whatever the number of staff."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Department, Partnership, User, current_partner_q
from policy.models import Guideline, GuidelineVersion, Signature, local_today


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
        """Partners in zorg in scope (see `partner_rows`): current ones, in
        scope through their contact person's department."""
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
        q &= Q(**{f"{prefix}partnership__isnull": True})
        if not self.everything:
            q &= Q(**{f"{prefix}department_id__in": self.department_ids})
        return q

    @property
    def cache_key(self) -> str:
        if self.everything:
            return "all"
        return "d" + ",".join(str(pk) for pk in sorted(self.department_ids))

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


def counting_q(versions) -> Q:
    """Signatures that count for any of `versions` (see counting_for)."""
    q = Q(pk__in=[])
    for v in versions:
        q |= Q(
            version__guideline_id=v.guideline_id,
            version__number__gte=v.signatures_from_number,
            version__number__lte=v.number,
        )
    return q


@dataclass
class DepartmentRow:
    department_id: int | None
    name: str
    audience: int
    signed: int
    # A group of partners in zorg (per their contact person's department),
    # not the department's staff.
    partners: bool = False

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.audience) if self.audience else 100


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


def dashboard(
    scope: Scope,
    today: datetime.date | None = None,
    *,
    guideline: Guideline | None = None,
) -> list[VersionRow]:
    """Per version in force (of one richtlijn, if given): signed out of the
    audience, per department in scope."""
    versions = GuidelineVersion.objects.in_force(today).without_text()
    if guideline is not None:
        versions = versions.filter(guideline=guideline)
    versions = list(versions.select_related("guideline").order_by("guideline__title"))
    if not versions:
        return []
    chosen = defaultdict(set)
    for guideline_id, department_id in Guideline.departments.through.objects.filter(
        guideline_id__in=[v.guideline_id for v in versions]
    ).values_list("guideline_id", "department_id"):
        chosen[guideline_id].add(department_id)
    staff = dict(
        scope.users()
        .values("department_id")
        .annotate(n=Count("pk"))
        .values_list("department_id", "n")
    )
    signed = defaultdict(int)
    for guideline_id, department_id, n in (
        Signature.objects.filter(counting_q(versions))
        .filter(scope.users_q("user__"))
        .values("version__guideline_id", "user__department_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("version__guideline_id", "user__department_id", "n")
    ):
        signed[guideline_id, department_id] += n
    names = {d.pk: d.name for d in scope.departments}
    department_ids = [d.pk for d in scope.departments]
    if scope.everything and staff.get(None):
        department_ids.append(None)
        names[None] = _("(geen afdeling)")
    partners = partner_rows(scope, versions)
    rows = []
    for version in versions:
        guideline = version.guideline
        row = VersionRow(version)
        for department_id in department_ids:
            if not guideline.audience_all and department_id not in chosen[guideline.pk]:
                continue
            audience = staff.get(department_id, 0)
            if not audience:
                continue
            row.departments.append(
                DepartmentRow(
                    department_id,
                    names[department_id],
                    audience,
                    signed[guideline.pk, department_id],
                )
            )
        row.departments += partners.get(guideline.pk, [])
        rows.append(row)
    return rows


def partner_rows(scope: Scope, versions) -> dict[int, list[DepartmentRow]]:
    """Partners in zorg, counted as a group of their own per their contact
    person's department, for each of `versions` meant for partners: per
    richtlijn id its rows. Two queries, whatever the number of partners.

    The one place partners are counted for the dashboard; the audience rule
    is `Guideline.audience()`'s: current partnerships of active accounts.
    """
    versions = [v for v in versions if v.guideline.audience_partners]
    if not versions:
        return {}
    contact_department = "partnership__contact_person__department_id"
    partners = dict(
        User.objects.filter(scope.partners_q())
        .values(contact_department)
        .annotate(n=Count("pk"))
        .values_list(contact_department, "n")
    )
    signed = defaultdict(int)
    for guideline_id, department_id, n in (
        Signature.objects.filter(counting_q(versions))
        .filter(scope.partners_q("user__"))
        .values("version__guideline_id", f"user__{contact_department}")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("version__guideline_id", f"user__{contact_department}", "n")
    ):
        signed[guideline_id, department_id] += n
    names = {d.pk: d.name for d in scope.departments}
    names[None] = _("(geen afdeling)")
    groups = sorted(partners.items(), key=lambda item: names.get(item[0], ""))
    return {
        v.guideline_id: [
            DepartmentRow(
                department_id,
                _("Partners in zorg · %(department)s")
                % {"department": names.get(department_id, "")},
                n,
                signed[v.guideline_id, department_id],
                partners=True,
            )
            for department_id, n in groups
        ]
        for v in versions
    }


def department_totals(rows: list[VersionRow]) -> list[DepartmentRow]:
    """Per department, the signatures of all its richtlijnen added up: which
    teams lag behind, whatever the number of richtlijnen."""
    totals: dict[tuple[int | None, bool], DepartmentRow] = {}
    for row in rows:
        for d in row.departments:
            total = totals.setdefault(
                (d.department_id, d.partners),
                DepartmentRow(d.department_id, d.name, 0, 0, partners=d.partners),
            )
            total.audience += d.audience
            total.signed += d.signed
    return sorted(totals.values(), key=lambda d: (d.percent, d.name))


@dataclass(frozen=True)
class Overdue:
    user_id: int
    name: str
    department: str
    version: GuidelineVersion
    days: int


OVERDUE_SQL = """
SELECT u.id, u.first_name, u.last_name, u.email, d.name, v.id
FROM accounts_user u
LEFT JOIN accounts_department d ON d.id = u.department_id
JOIN policy_guidelineversion v ON v.id IN ({versions})
JOIN policy_guideline g ON g.id = v.guideline_id
WHERE u.is_active = %s {scope}
  AND NOT EXISTS (SELECT 1 FROM {partnerships} p WHERE p.user_id = u.id)
  AND (g.audience_all = %s OR EXISTS (
        SELECT 1 FROM policy_guideline_departments gd
        WHERE gd.guideline_id = g.id AND gd.department_id = u.department_id))
  AND NOT EXISTS (
        SELECT 1 FROM policy_signature s
        JOIN policy_guidelineversion sv ON sv.id = s.version_id
        WHERE s.user_id = u.id AND sv.guideline_id = v.guideline_id
          AND sv.guideline_id IN ({guidelines})
          AND sv.number >= v.signatures_from_number AND sv.number <= v.number)
ORDER BY v.signing_deadline, u.last_name, u.first_name, u.id
LIMIT %s
"""


def overdue_people(
    scope: Scope,
    versions: list[GuidelineVersion],
    limit: int = 25,
    today: datetime.date | None = None,
) -> list[Overdue]:
    """The longest-overdue signatures in scope, in one query.

    A cross join of staff and overdue versions, which the ORM cannot express;
    which versions are in force and overdue is decided by the querysets above,
    and the audience and counting rules mirror `audience_q` and
    `SignatureQuerySet.counting_for`.
    """
    today = today or local_today()
    overdue = [v for v in versions if v.signing_deadline and v.signing_deadline < today]
    if not overdue or (not scope.everything and not scope.department_ids):
        return []
    params: list = [v.pk for v in overdue] + [True]
    scope_sql = ""
    if not scope.everything:
        scope_sql = "AND u.department_id IN ({})".format(
            ", ".join(["%s"] * len(scope.department_ids))
        )
        params += scope.department_ids
    params += [True]
    # Only the signatures of these richtlijnen: repeated as a constant so the
    # database leaves the others out before it joins.
    params += [v.guideline_id for v in overdue]
    params += [limit]
    sql = OVERDUE_SQL.format(
        versions=", ".join(["%s"] * len(overdue)),
        scope=scope_sql,
        guidelines=", ".join(["%s"] * len(overdue)),
        partnerships=Partnership._meta.db_table,
    )
    by_id = {v.pk: v for v in overdue}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result = []
    for user_id, first, last, email, department, version_id in rows:
        version = by_id[version_id]
        result.append(
            Overdue(
                user_id=user_id,
                name=f"{first} {last}".strip() or email,
                department=department or "",
                version=version,
                days=(today - version.signing_deadline).days,
            )
        )
    return result


def unsigned_users(version: GuidelineVersion, scope: Scope):
    """Active staff and partners in scope and in the audience of `version`
    who have no signature that counts for it."""
    counting = Signature.objects.counting_for(version).filter(user=OuterRef("pk"))
    return (
        version.guideline.audience()
        .filter(pk__in=scope.people().values("pk"))
        .exclude(Exists(counting))
    )


# --- The cached overview -------------------------------------------------------

GENERATION_KEY = "compliance:generation"


def compliance_changed() -> None:
    """Signatures, versions, audiences or staff changed: the cached overview
    figures are stale from now on.

    Runs once the transaction commits, so nobody can cache figures from
    before the change under the new generation. A new random generation
    rather than a counter: two changes at once can never end on one value.
    """
    transaction.on_commit(
        lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None),
        # A cache that is down must not turn a stored signature into an error
        # page: the figures then refresh within COMPLIANCE_CACHE_SECONDS.
        robust=True,
    )


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Never set, or culled from the cache: start a new one, so figures
        # cached under an earlier generation are never taken for current.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


@dataclass
class Overview:
    rows: list[VersionRow]
    departments: list[DepartmentRow]
    overdue: list[Overdue]


def compliance_overview(scope: Scope) -> Overview:
    """The dashboard's figures for `scope`.

    Counting every signature of every richtlijn in force is the one cost of
    the portal that grows with the data (about 100,000 signatures at 5,000
    staff), so the result is kept in the cache until something it counts
    changes (`compliance_changed`), the day changes, or
    COMPLIANCE_CACHE_SECONDS pass, for changes made outside the portal.
    """
    today = local_today()
    seconds = settings.COMPLIANCE_CACHE_SECONDS
    if seconds <= 0:
        return _count_overview(scope, today)  # the cache is switched off
    key = f"compliance:overview:{_generation()}:{today.isoformat()}:{scope.cache_key}"
    overview = cache.get(key)
    if overview is None:
        overview = _count_overview(scope, today)
        cache.set(key, overview, timeout=seconds)
    return overview


def _count_overview(scope: Scope, today: datetime.date) -> Overview:
    rows = dashboard(scope, today)
    return Overview(
        rows=rows,
        departments=department_totals(rows),
        overdue=overdue_people(scope, [row.version for row in rows], today=today),
    )
