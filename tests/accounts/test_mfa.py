"""Two-factor authentication: one way into the admin, and it needs a code."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client

from accounts import roles
from accounts.demo import DEMO_TOTP_SECRET
from accounts.models import User
from tests.helpers import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
MFA_LOGIN = "/accounts/2fa/authenticate/"
ACTIVATE = "/accounts/2fa/totp/activate/"
DEACTIVATE = "/accounts/2fa/totp/deactivate/"
REAUTHENTICATE = "/accounts/reauthenticate/"


def password_login(client: Client, email: str):
    return client.post(LOGIN, {"login": email, "password": PASSWORD})


def reauthenticate(client: Client, next_url: str) -> None:
    """Changing the second factor asks for the password again (allauth)."""
    response = client.get(next_url)
    assert response["Location"].startswith(REAUTHENTICATE)
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == next_url


def logged_in_as(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


# --- The admin's own login is gone ----------------------------------------------


def test_admin_login_sends_anonymous_visitors_to_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/reporting/signal/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2Freporting%2Fsignal%2F"


def test_posting_a_password_to_the_admin_login_logs_nobody_in(client, pr_user):
    response = client.post(
        "/admin/login/", {"username": pr_user.email, "password": PASSWORD}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(LOGIN)
    assert logged_in_as(client) is None


def test_admin_pages_send_anonymous_visitors_to_the_portal_login(client):
    response = client.get("/admin/reporting/signal/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_admin_login_refuses_a_logged_in_employee(medewerker_client):
    assert medewerker_client.get("/admin/login/").status_code == HTTPStatus.FORBIDDEN


def test_admin_logout_asks_first_and_logs_out_on_post(pr_client):
    confirm = pr_client.get("/admin/logout/")
    assert confirm.status_code == HTTPStatus.OK
    assert "Uitloggen" in confirm.text
    assert logged_in_as(pr_client) is not None

    response = pr_client.post("/admin/logout/")

    assert response.status_code == HTTPStatus.FOUND
    assert logged_in_as(pr_client) is None
    assert pr_client.get("/admin/").status_code == HTTPStatus.FOUND


# --- Logging in with a code ---------------------------------------------------------


def test_staff_with_an_authenticator_are_asked_for_a_code(client, pr_user):
    response = password_login(client, pr_user.email)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == MFA_LOGIN
    assert logged_in_as(client) is None
    page = client.get(MFA_LOGIN)
    assert "Tweestapsverificatie" in page.text

    response = client.post(MFA_LOGIN, {"code": totp_code()})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/"
    assert logged_in_as(client) == str(pr_user.pk)
    assert client.get("/admin/reporting/signal/").status_code == HTTPStatus.OK


def test_a_wrong_code_gives_a_dutch_message_and_no_login(client, pr_user):
    password_login(client, pr_user.email)
    wrong = "000000" if totp_code() != "000000" else "111111"

    response = client.post(MFA_LOGIN, {"code": wrong})

    assert response.status_code == HTTPStatus.OK
    assert "Ongeldige code." in response.text
    assert logged_in_as(client) is None


@pytest.mark.parametrize("code", ["", "abc", "1" * 500, "12 34 56", "\x00"])
def test_malformed_codes_are_refused_without_an_error_page(client, pr_user, code):
    password_login(client, pr_user.email)

    response = client.post(MFA_LOGIN, {"code": code})

    assert response.status_code == HTTPStatus.OK
    assert logged_in_as(client) is None


def test_a_code_cannot_be_used_twice(client, pr_user):
    code = totp_code()
    password_login(client, pr_user.email)
    client.post(MFA_LOGIN, {"code": code})
    assert logged_in_as(client) == str(pr_user.pk)

    other = Client()
    password_login(other, pr_user.email)
    response = other.post(MFA_LOGIN, {"code": code})

    assert "Ongeldige code." in response.text
    assert logged_in_as(other) is None


def test_guessing_codes_is_stopped_after_five_attempts(client, pr_user):
    password_login(client, pr_user.email)
    wrong = "000000" if totp_code() != "000000" else "111111"
    for _attempt in range(5):
        assert "Ongeldige code." in client.post(MFA_LOGIN, {"code": wrong}).text

    # Even the right code is refused now: the limit is on the account.
    response = client.post(MFA_LOGIN, {"code": totp_code()})

    assert response.status_code == HTTPStatus.OK
    assert "Te veel inlogpogingen" in response.text
    assert logged_in_as(client) is None


def test_too_many_logins_get_a_dutch_429_page(client, settings, pr_user):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for _attempt in range(3):
        client.post(LOGIN, {"login": pr_user.email, "password": "wrong-password-1"})

    response = client.post(LOGIN, {"login": pr_user.email, "password": PASSWORD})

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Te veel pogingen" in response.text
    assert logged_in_as(client) is None


def test_a_login_post_without_csrf_token_is_refused_with_403(pr_user):
    client = Client(enforce_csrf_checks=True)

    response = client.post(LOGIN, {"login": pr_user.email, "password": PASSWORD})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert logged_in_as(client) is None


def test_a_replayed_login_post_with_a_stale_token_is_refused_with_403(pr_user):
    # A token captured from someone else's login page does not fit this
    # browser's CSRF cookie.
    victim = Client(enforce_csrf_checks=True)
    victim.get(LOGIN)
    stale = victim.cookies["csrftoken"].value
    attacker = Client(enforce_csrf_checks=True)
    attacker.get(LOGIN)

    response = attacker.post(
        LOGIN,
        {"login": pr_user.email, "password": PASSWORD, "csrfmiddlewaretoken": stale},
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert logged_in_as(attacker) is None


def test_the_code_step_without_csrf_token_is_refused_with_403(pr_user):
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN)
    token = page.context["csrf_token"]
    client.post(
        LOGIN,
        {
            "login": pr_user.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": str(token),
        },
    )

    response = client.post(MFA_LOGIN, {"code": totp_code()})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert logged_in_as(client) is None


# --- Staff must set up an authenticator app ---------------------------------------


@pytest.fixture
def staff_without_mfa(user_factory) -> User:
    return user_factory(groups=[roles.PR], is_staff=True, totp=False)


def test_staff_without_authenticator_are_sent_to_set_it_up(client, staff_without_mfa):
    client.force_login(staff_without_mfa)

    for url in ["/admin/", "/admin/reporting/signal/", "/admin/accounts/user/"]:
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND, url
        assert response["Location"] == ACTIVATE

    page = client.get(ACTIVATE, follow=True)
    assert "Stel eerst tweestapsverificatie in" in page.text


def test_set_up_pages_logout_and_portal_stay_open_without_authenticator(
    client, staff_without_mfa
):
    client.force_login(staff_without_mfa)

    assert client.get("/").status_code == HTTPStatus.OK
    assert client.get("/accounts/2fa/").status_code == HTTPStatus.OK
    assert client.get("/admin/logout/").status_code == HTTPStatus.OK
    client.post("/admin/logout/")
    assert logged_in_as(client) is None


def test_setting_up_the_app_opens_the_admin(client, staff_without_mfa):
    response = password_login(client, staff_without_mfa.email)
    assert response["Location"] == "/"
    reauthenticate(client, ACTIVATE)
    page = client.get(ACTIVATE)
    secret = page.context["form"].secret
    assert secret in page.text
    assert "issuer=Sterk%20Huis" in page.context["totp_url"]

    wrong = client.post(
        ACTIVATE, {"code": "000000" if totp_code(secret) != "000000" else "1"}
    )
    assert "Ongeldige code." in wrong.text
    assert not staff_without_mfa.has_totp()

    response = client.post(ACTIVATE, {"code": totp_code(secret)})

    assert response.status_code == HTTPStatus.FOUND
    assert staff_without_mfa.has_totp()
    assert Authenticator.objects.filter(
        user=staff_without_mfa, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get("/admin/reporting/signal/").status_code == HTTPStatus.OK


def test_staff_cannot_switch_their_authenticator_off(client, pr_user):
    password_login(client, pr_user.email)
    client.post(MFA_LOGIN, {"code": totp_code()})

    reauthenticate(client, DEACTIVATE)
    page = client.get(DEACTIVATE)
    response = client.post(DEACTIVATE)

    assert "niet uitschakelen" in page.text
    assert response.status_code == HTTPStatus.OK
    assert pr_user.has_totp()


def test_employees_need_no_authenticator(client, medewerker):
    response = password_login(client, medewerker.email)

    assert response["Location"] == "/"
    assert logged_in_as(client) == str(medewerker.pk)


def test_every_page_links_to_two_factor_settings(medewerker_client):
    page = medewerker_client.get("/")

    assert 'href="/accounts/2fa/"' in page.text
    assert "Tweestapsverificatie" in page.text


def test_two_factor_pages_use_the_portal_layout(medewerker_client):
    page = medewerker_client.get("/accounts/2fa/")

    assert page.status_code == HTTPStatus.OK
    assert "site-header" in page.text
    assert 'class="panel"' in page.text
    assert "portal.css" in page.text


# --- Demo accounts ----------------------------------------------------------------


def test_demo_staff_accounts_share_the_documented_authenticator_secret(settings):
    call_command("demo", stdout=None)
    call_command("demo", stdout=None)

    staff = [
        "beleid@sterkhuis.test",
        "pr@sterkhuis.test",
        "kwaliteit@sterkhuis.test",
        "beheer@sterkhuis.test",
    ]
    for email in staff:
        authenticators = Authenticator.objects.filter(
            user__email=email, type=Authenticator.Type.TOTP
        )
        assert authenticators.count() == 1, email
        assert TOTP(authenticators.get()).validate_code(totp_code(DEMO_TOTP_SECRET))
    assert not Authenticator.objects.filter(
        user__email__in=["medewerker@sterkhuis.test", "leidinggevende@sterkhuis.test"]
    ).exists()


def test_demo_pr_account_logs_in_with_a_code_from_the_secret(client):
    call_command("demo", stdout=None)
    client.post(LOGIN, {"login": "pr@sterkhuis.test", "password": "sterkhuis-demo"})

    response = client.post(MFA_LOGIN, {"code": totp_code(DEMO_TOTP_SECRET)})

    assert response["Location"] == "/"
    assert client.get("/admin/reporting/signal/").status_code == HTTPStatus.OK
