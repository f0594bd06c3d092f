"""One mechanism for who may do what: `user.has_perm`, answered by the rules
of each app's rules.py or by the groups' model permissions, never both."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from rules.permissions import permissions as rule_set

from accounts import roles
from sterkhuis.views import home
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db


def test_no_rule_is_also_a_model_permission():
    """A name is a rule or a group permission: a rule named like a model
    permission would leave the admin and the pages answering differently."""
    model_permissions = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert set(rule_set) and not set(rule_set) & model_permissions


def test_the_role_predicates_answer_the_rules(user_factory):
    pr = user_factory(groups=[roles.PR], is_staff=True)
    beleid = user_factory(groups=[roles.BELEID], is_staff=True)
    privacy = user_factory(groups=[roles.PRIVACY])
    assert pr.has_perm("reporting.triage_signals")
    assert not beleid.has_perm("reporting.triage_signals")
    assert privacy.has_perm("datalek.view_register")
    assert not pr.has_perm("datalek.view_register")
    assert beleid.has_perm("reporting.view_principle_counts")
    # A rule and a group permission are asked the same way.
    assert pr.has_perm("reporting.change_signal")
    assert not beleid.has_perm("reporting.change_signal")


@pytest.mark.parametrize("superuser", [False, True])
def test_an_inactive_pr_member_is_not_shown_the_queue(user_factory, superuser):
    """The start page asked "PR?" without `is_active`, unlike every other
    check: a deactivated member of PR (or superuser) was still shown PR's
    queue while the request that saw them lasted."""
    user = user_factory(groups=[roles.PR], is_staff=True, is_superuser=superuser)
    make_signal(user_factory(), title="Een nieuwe melding")

    def start_page(user) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return home(request).content.decode()

    assert "pr-queue" in start_page(user)
    user.is_active = False
    user.save()
    assert not user.has_perm("reporting.triage_signals")
    assert "pr-queue" not in start_page(user)
