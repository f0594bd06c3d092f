from __future__ import annotations

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from accounts.models import Department, User
from compliance.dashboard import (
    compliance_overview,
    compliance_scope,
    dashboard,
    overdue_people,
)
from compliance.figures import figures_refresh
from compliance.models import ComplianceCount
from policy import demo as policy_demo
from policy.models import Guideline, GuidelineVersion, Signature
from policy.services import signature_create
from tests.compliance.helpers import exports_recorded
from tests.helpers import PASSWORD, bulk_handbook, logged_in

pytestmark = pytest.mark.django_db


def test_access_rules(setup, medewerker):
    overview = reverse("compliance:overview")
    assert logged_in(setup["beleid"]).get(overview).status_code == HTTPStatus.OK
    assert logged_in(setup["boss"]).get(overview).status_code == HTTPStatus.OK
    denied = logged_in(medewerker).get(overview)
    assert denied.status_code == HTTPStatus.FORBIDDEN
    assert "Geen toegang" in denied.text
    assert Client().get(overview).status_code == HTTPStatus.FOUND

    boss = logged_in(setup["boss"])
    own = reverse("compliance:department", args=[setup["pleegzorg"].pk])
    other = reverse("compliance:department", args=[setup["ambulant"].pk])
    assert boss.get(own).status_code == HTTPStatus.OK
    assert boss.get(other).status_code == HTTPStatus.FORBIDDEN
    noor = reverse("compliance:person", args=[setup["noor"].pk])
    assert boss.get(noor).status_code == HTTPStatus.FORBIDDEN
    assert logged_in(setup["beleid"]).get(noor).status_code == HTTPStatus.OK
    assert boss.get(reverse("compliance:department", args=[999])).status_code == 404


def _row(page: str, attribute: str) -> str:
    return page.split(attribute)[1].split("</tr>")[0]


@pytest.mark.parametrize("url", ["compliance:overview", "compliance:guideline"])
def test_dashboard_figures(setup, url):
    args = ["social-media"] if url == "compliance:guideline" else []
    page = logged_in(setup["beleid"]).get(reverse(url, args=args)).text
    assert "2 / 5" in page  # boss, Mila signed; Sara, Noor and Beleid not
    pleegzorg = _row(page, 'data-department="Pleegzorg Noord"')
    assert "2 / 3" in pleegzorg and "67%" in pleegzorg
    ambulant = _row(page, 'data-department="Ambulant"')
    assert "0 / 1" in ambulant and 'width="0"' in ambulant

    own = logged_in(setup["boss"]).get(reverse(url, args=args)).text
    assert "2 / 3" in own
    assert 'data-department="Ambulant"' not in own


def test_overview_adds_up_departments_over_all_richtlijnen(setup, publish):
    other = publish(slug="privacy", title="Privacy")
    signature_create(user=setup["noor"], version=other)
    page = logged_in(setup["beleid"]).get(reverse("compliance:overview")).text

    privacy = _row(page, 'data-guideline="privacy"')
    assert "1 / 5" in privacy and "20%" in privacy
    assert reverse("compliance:guideline", args=["privacy"]) in privacy
    # Ambulant: Noor signed one of two; Pleegzorg Noord: two of six.
    ambulant = _row(page, 'data-department="Ambulant"')
    assert "1 / 2" in ambulant and "50%" in ambulant
    pleegzorg = _row(page, 'data-department="Pleegzorg Noord"')
    assert "2 / 6" in pleegzorg and "33%" in pleegzorg
    # The richtlijn's own page shows only its own figures.
    detail = logged_in(setup["beleid"]).get(
        reverse("compliance:guideline", args=["privacy"])
    )
    assert "0 / 3" in _row(detail.text, 'data-department="Pleegzorg Noord"')


def test_guideline_page_of_a_richtlijn_not_in_force_is_404(setup):
    beleid = logged_in(setup["beleid"])
    assert (
        beleid.get(reverse("compliance:guideline", args=["bestaat-niet"])).status_code
        == 404
    )


def test_department_and_person_pages(setup):
    beleid = logged_in(setup["beleid"])
    page = beleid.get(reverse("compliance:department", args=[setup["pleegzorg"].pk]))
    assert "=Sara" in page.text
    person = beleid.get(reverse("compliance:person", args=[setup["mila"].pk])).text
    assert "getekend" in person and setup["version"].body_sha256[:8] in person


def test_signature_export_content_and_scope(setup, publish):
    minor = publish(slug="social-media", body="## Inleiding\n\nKlein.\n", minor=True)
    signature_create(user=setup["sara"], version=minor)
    url = reverse("policy:signatures_csv", args=["social-media", minor.number])

    response = logged_in(setup["beleid"]).get(url)
    assert response.status_code == HTTPStatus.OK
    assert response.streaming
    assert response["Cache-Control"] == "no-store"
    text = b"".join(response.streaming_content).decode()
    assert text.startswith('\ufeff"e-mail"')  # Excel's UTF-8 mark, then quoted
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    by_email = {row[0]: row for row in rows[1:]}
    assert set(by_email) == {
        setup["mila"].email,
        setup["boss"].email,
        setup["sara"].email,
    }
    # Carried over from version 1 by the minor version 2.
    assert by_email[setup["mila"].email][3] == "1"
    assert by_email[setup["mila"].email][5] == setup["version"].body_sha256
    assert by_email[setup["sara"].email][3] == "2"
    assert "'=Sara" in by_email[setup["sara"].email][1]  # formula neutralised
    assert by_email[setup["mila"].email][4].endswith(("+01:00", "+02:00"))
    [record] = exports_recorded(kind="handtekeningen.csv", version=minor.number)
    assert record.actor == setup["beleid"]
    assert record.object_id == str(minor.pk)

    mine = logged_in(setup["boss"]).get(url)
    emails = [
        r[0] for r in csv.reader(io.StringIO(b"".join(mine.streaming_content).decode()))
    ]
    assert setup["noor"].email not in emails


def test_unsigned_exports(setup):
    version = setup["version"]
    base = reverse("compliance:unsigned_csv", args=["social-media", version.number])
    response = logged_in(setup["boss"]).get(base)
    text = b"".join(response.streaming_content).decode()
    assert setup["sara"].email in text and setup["mila"].email not in text
    assert setup["noor"].email not in text  # not the boss's department
    assert "'=Sara" in text

    xlsx = logged_in(setup["beleid"]).get(
        reverse("compliance:unsigned_xlsx", args=["social-media", version.number])
    )
    assert xlsx.status_code == HTTPStatus.OK
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    emails = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert set(emails) == {
        setup["sara"].email,
        setup["noor"].email,
        setup["beleid"].email,
    }
    names = {row[1].value: row[1] for row in sheet.iter_rows(min_row=2)}
    # A text cell in Excel is never a formula: the name as it is, no mark.
    sara = next(cell for name, cell in names.items() if name.startswith("=Sara"))
    assert sara.data_type == "s"
    assert exports_recorded().count() == 2


def test_export_access_and_unknown_version(setup, medewerker):
    url = reverse("policy:signatures_csv", args=["social-media", 1])
    assert logged_in(medewerker).get(url).status_code == HTTPStatus.FORBIDDEN
    missing = reverse("policy:signatures_csv", args=["social-media", 7])
    assert logged_in(setup["beleid"]).get(missing).status_code == 404
    assert not exports_recorded().exists()


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.slow
def test_pages_and_exports_run_fixed_queries_on_large_data(
    user_factory, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    roles.ensure_groups()
    beleid = logged_in(user_factory(groups=[roles.BELEID], is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        policy_demo.load_large(staff=50, richtlijnen=3, prefix="klein")
    department = Department.objects.get(name__startswith="Pleegzorg Amsterdam")
    urls = [
        reverse("compliance:overview"),
        reverse("compliance:guideline", args=["klein-richtlijn-001"]),
        reverse("compliance:department", args=[department.pk]),
        reverse("policy:signatures_csv", args=["klein-richtlijn-001", 1]),
        reverse("compliance:unsigned_csv", args=["klein-richtlijn-001", 1]),
        reverse("compliance:unsigned_xlsx", args=["klein-richtlijn-001", 1]),
        reverse("policy:signatures_xlsx", args=["klein-richtlijn-001", 1]),
    ]
    small = {url: count(beleid, url) for url in urls}

    with django_capture_on_commit_callbacks(execute=True):
        policy_demo.load_large(staff=5000, richtlijnen=30, prefix="groot")
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            response = beleid.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
    assert "groot" in beleid.get(urls[0]).text  # counted on the new data
    overview = small.pop(urls[0])
    # (exports: plus the approval they name and the audit chain's head)
    assert max(small.values()) <= 13
    # Session, user, groups, departments in scope, versions in force, their
    # totals, the departments' totals, where the overdue are and their
    # names: nothing that counts signatures.
    assert overview <= 9


def test_overview_is_counted_again_after_each_change(
    setup, publish, user_factory, client, django_capture_on_commit_callbacks
):
    beleid = logged_in(setup["beleid"])
    overview = reverse("compliance:overview")
    assert "2 / 5" in beleid.get(overview).text

    with django_capture_on_commit_callbacks(execute=True):
        signature_create(user=setup["sara"], version=setup["version"])
    assert "3 / 5" in beleid.get(overview).text

    # A change in the admin: Noor moves to Pleegzorg Noord.
    superuser = user_factory(is_staff=True, is_superuser=True)
    admin = logged_in(superuser)
    noor = setup["noor"]
    change = reverse("admin:accounts_user_change", args=[noor.pk])
    form = admin.get(change).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in {"password", "groups", "user_permissions"}
    }
    data.update(department=setup["pleegzorg"].pk, hr_manager="", last_login="")
    data["date_joined_0"], data["date_joined_1"] = "2026-01-01", "09:00:00"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(change, data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    page = beleid.get(overview).text
    assert "3 / 4" in _row(page, 'data-department="Pleegzorg Noord"')

    with django_capture_on_commit_callbacks(execute=True):
        publish(slug="privacy", title="Privacy")
    assert 'data-guideline="privacy"' in beleid.get(overview).text


def test_overview_is_counted_again_after_a_staff_import(
    setup, tmp_path, django_capture_on_commit_callbacks
):
    beleid = logged_in(setup["beleid"])
    overview = reverse("compliance:overview")
    assert "2 / 5" in beleid.get(overview).text

    # HR's file leaves Noor out: she is deactivated by one queryset update,
    # which sends no model signal of its own.
    people = [setup["boss"], setup["mila"], setup["sara"], setup["beleid"]]
    hr = tmp_path / "hr.csv"
    hr.write_text(
        "email,first_name,last_name,department,job_title,manager_email\n"
        + "".join(
            f"{u.email},{u.first_name},{u.last_name},Pleegzorg Noord,Begeleider,\n"
            for u in people
        ),
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_staff", str(hr), "--deactivate-missing", stdout=io.StringIO()
        )
    assert not User.objects.get(pk=setup["noor"].pk).is_active
    assert "2 / 4" in beleid.get(overview).text


def test_a_login_leaves_the_figures_alone(setup, client):
    figures = ComplianceCount._meta.db_table

    def recounts(queries) -> bool:
        return any(figures in q["sql"] for q in queries.captured_queries)

    with CaptureQueriesContext(connection) as queries:
        client.login(email=setup["noor"].email, password=PASSWORD)
        assert client.get("/").status_code == HTTPStatus.OK
    assert not recounts(queries)
    with CaptureQueriesContext(connection) as queries:
        setup["noor"].department = setup["pleegzorg"]
        setup["noor"].save()
    assert recounts(queries)
    ambulant = ComplianceCount.objects.filter(department=setup["ambulant"])
    assert not ambulant.exists()  # nobody left there to sign


def test_overdue_people_are_listed_with_their_days(setup, publish, time_machine):
    deadline = setup["version"].signing_deadline
    # A minor version keeps Mila's and the boss's signatures valid.
    publish(slug="social-media", body="## Inleiding\n\nTypo hersteld.\n", minor=True)
    time_machine.move_to(deadline + datetime.timedelta(days=3))

    page = logged_in(setup["beleid"]).get(reverse("compliance:overview")).text
    overdue = page.split('id="overdue"')[1].split("</table>")[0]
    assert "=Sara" in overdue and ">Noor " in overdue
    assert "Mila" not in overdue
    assert 'data-label="Dagen te laat">3</td>' in overdue

    own = logged_in(setup["boss"]).get(reverse("compliance:overview")).text
    own_overdue = own.split('id="overdue"')[1].split("</table>")[0]
    assert "=Sara" in own_overdue and ">Noor " not in own_overdue


def test_overview_shows_a_new_signature_at_once(setup):
    beleid = logged_in(setup["beleid"])
    overview = reverse("compliance:overview")
    assert "2 / 5" in beleid.get(overview).text

    # No cache of the figures to refresh: the read model counts it in the
    # signature's own transaction, without waiting for commit hooks.
    signature_create(user=setup["sara"], version=setup["version"])
    assert "3 / 5" in beleid.get(overview).text


def test_overdue_list_takes_every_overdue_richtlijn_by_deadline(
    setup, publish, time_machine
):
    privacy = publish(slug="privacy", title="Privacy")
    time_machine.move_to(privacy.signing_deadline + datetime.timedelta(days=2))
    signature_create(user=setup["sara"], version=privacy)

    page = logged_in(setup["beleid"]).get(reverse("compliance:overview")).text
    rows = page.split('id="overdue"')[1].split("</table>")[0].split("<tr>")[2:]
    listed = [
        (row.split("</a>")[0].rsplit(">", 1)[1], "Privacy" in row) for row in rows
    ]
    # social-media: Sara, Noor and Beleid; privacy: all but Sara. Both were
    # published today, so they share a deadline: by richtlijn within it.
    assert len(listed) == 3 + 4
    assert [is_privacy for _name, is_privacy in listed] == [True] * 4 + [False] * 3


def test_a_short_overdue_list_asks_only_the_richtlijnen_it_shows(
    setup, publish, time_machine
):
    """The list is by deadline, then by richtlijn, then by name: a short one
    is the long one's beginning, and asks only the richtlijnen that fill it,
    however many share the deadline."""
    privacy = publish(slug="privacy", title="Privacy")
    time_machine.move_to(privacy.signing_deadline + datetime.timedelta(days=2))
    signature_create(user=setup["noor"], version=privacy)

    scope = compliance_scope(setup["beleid"])
    rows = dashboard(scope)
    full = overdue_people(scope, rows, limit=25)
    for limit in (1, 2, 3, 4):
        short = overdue_people(scope, rows, limit=limit)
        assert [(o.user_id, o.version.pk) for o in short] == [
            (o.user_id, o.version.pk) for o in full[:limit]
        ]
    # Both share a deadline: by richtlijn, and by name within each.
    titles = [o.version.guideline.title for o in full]
    assert titles == sorted(titles)
    assert {o.version.pk for o in full} == {setup["version"].pk, privacy.pk}
    for title in set(titles):
        names = [o.name for o in full if o.version.guideline.title == title]
        assert names == sorted(names, key=lambda n: n.split(" ")[-1])
    # Privacy waits for more than one person: a list of one asks only it.
    with CaptureQueriesContext(connection) as one:
        assert overdue_people(scope, rows, limit=1)[0].version.pk == privacy.pk
    assert "UNION" not in one.captured_queries[-1]["sql"].upper()
    with CaptureQueriesContext(connection) as all_of_them:
        overdue_people(scope, rows, limit=25)
    assert "UNION" in all_of_them.captured_queries[-1]["sql"].upper()


def test_staff_are_found_by_an_anti_join_on_postgresql(setup, postgres_only):
    """The rule "staff, not a partner in zorg" must reach PostgreSQL as an
    anti-join: as a filtered left join it takes any list of staff for one
    row, and the overdue list at 50,000 staff sorted them all."""
    plan = User.objects.employees().values("pk").explain()
    assert "Anti Join" in plan, plan


def test_overview_totals_add_up_the_dashboards_cells(setup, publish):
    """The overview's totals are added up by the database; they must say
    what adding up the per-department cells says, in every scope."""
    privacy = publish(slug="privacy", title="Privacy")
    signature_create(user=setup["noor"], version=privacy)
    for user in ("beleid", "boss"):
        scope = compliance_scope(setup[user])
        rows = dashboard(scope)
        overview = compliance_overview(scope)
        assert [
            (t.version.pk, t.audience, t.signed, t.departments_behind, t.percent)
            for t in overview.rows
        ] == [
            (r.version.pk, r.audience, r.signed, r.departments_behind, r.percent)
            for r in rows
        ]
        assert [t.staff_waiting for t in overview.rows] == [
            r.staff_waiting for r in rows
        ]
        summed = {}
        for row in rows:
            for d in row.departments:
                a, s = summed.get((d.department_id, d.population), (0, 0))
                summed[(d.department_id, d.population)] = (a + d.audience, s + d.signed)
        assert {
            (d.department_id, d.population): (d.audience, d.signed)
            for d in overview.departments
        } == summed


def test_overview_links_each_department_to_its_page(setup):
    page = logged_in(setup["beleid"]).get(reverse("compliance:overview")).text
    table = page.split('id="departments"')[1].split("</table>")[0]
    for department in (setup["pleegzorg"], setup["ambulant"]):
        url = reverse("compliance:department", args=[department.pk])
        assert f'<a href="{url}">{department.name}</a>' in table


def test_overview_tables_escape_names_and_speak_english(setup, publish, time_machine):
    setup["ambulant"].name = "<b>Ambulant</b> & Co"
    setup["ambulant"].save()
    noor = setup["noor"]
    noor.last_name = "<i>de Vries</i>"
    noor.save()
    publish(slug="social-media-2", title="<script>Social</script>")
    time_machine.move_to(setup["version"].signing_deadline + datetime.timedelta(days=3))
    client = logged_in(setup["beleid"])

    page = client.get(reverse("compliance:overview")).text
    for raw in ("<b>Ambulant</b>", "<i>de Vries</i>", "<script>Social"):
        assert raw not in page
    departments = page.split('id="departments"')[1].split("</table>")[0]
    assert 'data-department="&lt;b&gt;Ambulant&lt;/b&gt; &amp; Co"' in departments
    guidelines = page.split('id="guidelines"')[1].split("</table>")[0]
    assert "&lt;script&gt;Social&lt;/script&gt;</a>" in guidelines
    assert 'data-label="Tekenen vóór"' in guidelines
    assert "termijn verstreken" in guidelines
    overdue = page.split('id="overdue"')[1].split("</table>")[0]
    assert "Noor &lt;i&gt;de Vries&lt;/i&gt;</a>" in overdue

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("compliance:overview")).text
    guidelines = english.split('id="guidelines"')[1].split("</table>")[0]
    assert "version 1" in guidelines and "deadline passed" in guidelines
    assert 'data-label="Signed"' in guidelines
    assert 'data-label="Days overdue"' in english.split('id="overdue"')[1]


def test_the_overdue_list_reads_staff_by_the_name_index_on_sqlite(
    user_factory, time_machine, django_capture_on_commit_callbacks
):
    """SQLite cannot see the values of the overdue query's conditions and,
    without a range on the name, sorted every member of staff for the first
    25: `/naleving/` then cost the number of staff. Each richtlijn's part
    must walk an index in name order instead."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's plan is held by the anti-join test")
    roles.ensure_groups()
    with django_capture_on_commit_callbacks(execute=True):
        policy_demo.load_large(staff=2000, richtlijnen=4, prefix="plan")
    beleid = user_factory(
        groups=[roles.BELEID], is_staff=True, department=Department.objects.first()
    )
    time_machine.move_to(datetime.date.today() + datetime.timedelta(days=60))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # The planner's statistics of 50,000 staff (as `make bench` has them):
        # with those the old query sorted everyone.
        cursor.execute(
            "UPDATE sqlite_stat1 SET stat = CASE idx"
            " WHEN 'user_name_order_idx' THEN '50008 1516 42 1'"
            " WHEN 'user_department_name_idx' THEN '50008 468 16 2 1'"
            " WHEN 'accounts_user_department_id_8dc06840' THEN '50008 468'"
            " ELSE '50008 1' END WHERE tbl = 'accounts_user' AND idx IS NOT NULL"
        )
        cursor.execute("ANALYZE sqlite_schema")
    scope = compliance_scope(beleid)
    overview = compliance_overview(scope)
    assert len({o.version.pk for o in overview.overdue}) >= 1
    executed = []

    def keep(execute, sql, params, many, context):
        executed.append((sql, params))
        return execute(sql, params, many, context)

    # The plan of the query as sent, with its values as parameters: SQLite
    # plans `is_active = ?` otherwise than `is_active = 1`.
    with connection.execute_wrapper(keep):
        overdue = overdue_people(scope, overview.rows, limit=25)
    assert [o.user_id for o in overdue] == [o.user_id for o in overview.overdue]
    sql, params = executed[-1]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [row[-1] for row in cursor.fetchall()]
    # The users (`accounts_user`, or `V0` in a subquery) are never scanned
    # whole; the small tables of versions may be.
    assert not {"SCAN accounts_user", "SCAN V0"} & set(plan), plan
    assert any(
        "user_name_order_idx" in s or "user_department_name_idx" in s for s in plan
    ), plan


def test_the_overview_of_a_large_handbook_lists_the_richtlijnen_that_lag_most(
    client, beleid, medewerker
):
    bulk_handbook(40, chapters=4)
    lagging = Guideline.objects.order_by("slug").first()
    versions = GuidelineVersion.objects.exclude(guideline=lagging)
    Signature.objects.bulk_create(
        Signature(user=medewerker, version=v, text_sha256=v.body_sha256)
        for v in versions
    )
    figures_refresh()
    client.force_login(beleid)

    page = client.get(reverse("compliance:overview")).text
    assert page.count("<tr data-guideline=") == 25
    assert 'id="guidelines-cut"' in page
    # The one nobody signed comes first.
    first = page.split("<tr data-guideline=")[1]
    assert first.startswith(f'"{lagging.slug}"')
    everything = client.get(reverse("compliance:overview") + "?alle=1").text
    assert everything.count("<tr data-guideline=") == 40
    assert 'id="guidelines-cut"' not in everything
