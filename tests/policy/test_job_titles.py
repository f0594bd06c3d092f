"""A richtlijn for some job titles only (from the HR file): only those sign,
are reminded and counted; everyone else may still read it."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.services import staff_import
from compliance.dashboard import Scope, compliance_overview, compliance_scope
from policy.models import GuidelineJobTitle, versions_in_force_for
from policy.reminders import send_reminders
from policy.services import NotSignableError, signature_create
from tests.policy.helpers import from_scratch, stored

pytestmark = pytest.mark.django_db

AMBULANT = "ambulant hulpverlener"


@pytest.fixture
def world(user_factory, department, publish):
    version = publish(slug="huisbezoek", title="Huisbezoek")
    version.guideline.job_titles.create(job_title=AMBULANT)
    return {
        "version": version,
        "ambulant": user_factory(department=department, job_title=AMBULANT),
        "other": user_factory(department=department, job_title="pleegzorgbegeleider"),
        "none": user_factory(department=department),
    }


def test_only_the_chosen_job_titles_must_sign(world, beleid):
    version, ambulant = world["version"], world["ambulant"]
    guideline = version.guideline
    assert list(guideline.audience()) == [ambulant]
    assert guideline.applies_to(ambulant)
    assert not guideline.applies_to(world["other"])
    assert not guideline.applies_to(world["none"])
    assert [v.needs_signature for v in versions_in_force_for(ambulant)] == [True]
    assert [v.in_audience for v in versions_in_force_for(world["other"])] == [False]
    with pytest.raises(NotSignableError):
        signature_create(user=world["other"], version=version)

    plan = send_reminders(dry_run=True)
    assert set(plan.employees) == {ambulant}

    (row,) = compliance_overview(compliance_scope(beleid)).rows
    assert (row.audience, row.signed) == (1, 0)
    signature_create(user=ambulant, version=version)
    (row,) = compliance_overview(compliance_scope(beleid)).rows
    assert (row.audience, row.signed) == (1, 1)
    assert stored() == from_scratch()


def test_others_read_it_without_being_asked_to_sign(client, world):
    client.force_login(world["other"])
    page = client.get(reverse("policy:detail", args=["huisbezoek"])).text
    assert 'id="not-in-audience"' in page and 'id="sign-form"' not in page
    client.force_login(world["ambulant"])
    page = client.get(reverse("policy:detail", args=["huisbezoek"])).text
    assert 'id="sign-form"' in page


def test_a_new_job_and_the_hr_import_move_people_in_and_out(world, department):
    other = world["other"]
    other.job_title = AMBULANT
    other.save()
    assert stored() == from_scratch()
    assert set(world["version"].guideline.audience()) == {world["ambulant"], other}
    staff_import(
        rows=[
            (
                n,
                {
                    "email": person.email,
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "department": department.name,
                    "job_title": title,
                    "manager_email": "",
                },
            )
            for n, (person, title) in enumerate(
                [(world["ambulant"], "teamleider"), (other, AMBULANT)]
                + [(world["none"], AMBULANT)]
            )
        ],
        deactivate_missing=False,
    )
    assert set(world["version"].guideline.audience()) == {other, world["none"]}
    assert stored() == from_scratch()


def test_the_department_page_counts_each_persons_own_richtlijnen(
    client, beleid, world, department, publish
):
    publish(slug="social-media", title="Social media")
    client.force_login(beleid)
    page = client.get(reverse("compliance:department", args=[department.pk])).text
    # The ambulant hulpverlener has two to sign, the others one.
    assert page.count("0 / 2") == 1 and page.count("0 / 1") == 2


def _change(guideline, **titles) -> dict:
    data = {
        "title": guideline.title,
        "audience_all": "on",
        "review_interval_months": "12",
        "resign_interval_months": "12",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "job_titles-TOTAL_FORMS": str(len(titles)),
        "job_titles-INITIAL_FORMS": "0",
    }
    for n, title in enumerate(titles.values()):
        data[f"job_titles-{n}-job_title"] = title
    return data


def test_beleid_chooses_job_titles_from_the_hr_file_in_the_admin(
    beleid_client, user_factory, publish
):
    user_factory(job_title="gedragswetenschapper")
    guideline = publish(slug="privacy", title="Privacy").guideline
    url = reverse("admin:policy_guideline_change", args=[guideline.pk])
    page = beleid_client.get(url).text
    assert "Alleen voor deze functies" in page
    assert "gedragswetenschapper" in page and "Opnieuw tekenen na" in page

    typo = beleid_client.post(url, _change(guideline, a="gedragswetenschaper"))
    assert typo.status_code == HTTPStatus.OK
    assert "Geen medewerker heeft de functie gedragswetenschaper" in typo.text
    assert not GuidelineJobTitle.objects.exists()

    saved = beleid_client.post(url, _change(guideline, a="gedragswetenschapper"))
    assert saved.status_code == HTTPStatus.FOUND, saved.text[:2000]
    guideline.refresh_from_db()
    assert guideline.resign_interval_months == 12
    assert list(guideline.job_titles.values_list("job_title", flat=True)) == [
        "gedragswetenschapper"
    ]
    assert stored() == from_scratch()
    (row,) = compliance_overview(Scope(True, ())).rows
    assert row.audience == 1
