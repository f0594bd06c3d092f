"""Each security event leaves one audit entry with who, what, on what and
from where."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib import admin
from django.core.management import call_command
from django.test import Client, RequestFactory, modify_settings
from django.urls import reverse

from accounts import roles
from accounts.audit_events import AccountsAction
from audit.models import Action, AuditEvent
from policy.audit_events import PolicyAction
from policy.models import GuidelineVersion
from policy.services import guideline_withdraw
from reporting.attachments import check_upload
from reporting.audit_events import ReportingAction
from reporting.models import Status
from reporting.services import signal_update
from tests.helpers import PASSWORD, totp_code
from tests.reporting.factories import make_signal
from tests.reporting.helpers import pdf

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"


def visitor(user=None, **extra) -> Client:
    client = Client(REMOTE_ADDR=IP, HTTP_USER_AGENT="Firefox/140.0", **extra)
    if user is not None:
        client.force_login(user)
    return client


def last(action: Action) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("at", "pk")


def test_login_success_records_the_user_and_address(medewerker):
    response = visitor().post(
        "/accounts/login/", {"login": medewerker.email, "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    event = last(Action.LOGIN)
    assert event.actor == medewerker
    assert event.actor_email == medewerker.email
    assert event.object_type == "accounts.user"
    assert event.object_id == str(medewerker.pk)
    assert event.ip_address == IP
    assert event.user_agent == "Firefox/140.0"


def test_login_failure_keeps_the_email_tried_never_the_password(medewerker):
    visitor().post(
        "/accounts/login/", {"login": medewerker.email, "password": "geheim-fout"}
    )
    event = last(Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.details == {"email": medewerker.email}
    assert event.ip_address == IP
    assert "geheim-fout" not in str(AuditEvent.objects.values_list())


def test_logout(medewerker):
    client = visitor(medewerker)
    assert client.post("/accounts/logout/").status_code == HTTPStatus.FOUND
    event = last(Action.LOGOUT)
    assert (event.actor, event.ip_address) == (medewerker, IP)


def test_staff_login_with_a_code_is_recorded_once_the_code_is_right(pr_user):
    client = visitor()
    client.post("/accounts/login/", {"login": pr_user.email, "password": PASSWORD})
    assert not AuditEvent.objects.filter(action=Action.LOGIN).exists()

    client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})

    login = last(Action.LOGIN)
    assert login.actor == pr_user
    assert login.ip_address == IP
    assert AuditEvent.objects.filter(action=Action.MFA_FAILED, actor=pr_user).exists()


def test_ip_comes_from_x_forwarded_for_behind_trusted_proxies(settings, medewerker):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    visitor(HTTP_X_FORWARDED_FOR="198.51.100.23").post(
        "/accounts/login/", {"login": medewerker.email, "password": PASSWORD}
    )
    assert last(Action.LOGIN).ip_address == "198.51.100.23"


def test_x_forwarded_for_is_ignored_without_trusted_proxies(medewerker):
    visitor(HTTP_X_FORWARDED_FOR="198.51.100.23").post(
        "/accounts/login/", {"login": medewerker.email, "password": PASSWORD}
    )
    assert last(Action.LOGIN).ip_address == IP


def test_password_change(medewerker):
    response = visitor(medewerker).post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "een-ander-goed-wachtwoord",
            "password2": "een-ander-goed-wachtwoord",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    event = last(Action.PASSWORD_CHANGED)
    assert (event.actor, event.ip_address) == (medewerker, IP)


def test_password_reset(medewerker):
    client = visitor()
    key = default_token_generator.make_token(medewerker)
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(medewerker), "key": key},
    )
    form_url = client.get(url)["Location"]
    response = client.post(
        form_url,
        {
            "password1": "een-nieuw-goed-wachtwoord",
            "password2": "een-nieuw-goed-wachtwoord",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    event = last(Action.PASSWORD_RESET)
    assert (event.actor, event.ip_address) == (medewerker, IP)


@pytest.fixture
def mfa_installed():
    """allauth.mfa installed for one test, as it is in production once the
    second factor is in use; its signals module cannot load without it."""
    with modify_settings(INSTALLED_APPS={"append": "allauth.mfa"}):
        from allauth.mfa.models import Authenticator

        was_registered = admin.site.is_registered(Authenticator)
        yield Authenticator
    # The app registry is restored, but the admin site is a global: take the
    # model off again unless it was registered before.
    if admin.site.is_registered(Authenticator) and not was_registered:
        admin.site.unregister(Authenticator)


@pytest.mark.parametrize(
    ("signal_name", "action"),
    [
        ("authenticator_added", Action.MFA_ADDED),
        ("authenticator_removed", Action.MFA_REMOVED),
        ("authenticator_reset", Action.MFA_RESET),
        ("authentication_failed", Action.MFA_FAILED),
    ],
)
def test_mfa_changes_and_failures(mfa_installed, medewerker, signal_name, action):
    from allauth.mfa import signals

    Authenticator = mfa_installed
    authenticator = Authenticator(
        pk=41, user=medewerker, type=Authenticator.Type.TOTP, data={}
    )
    request = RequestFactory().post("/accounts/2fa/", REMOTE_ADDR=IP)
    request.user = medewerker
    getattr(signals, signal_name).send(
        sender=Authenticator,
        request=request,
        user=medewerker,
        authenticator=authenticator,
    )
    event = last(action)
    assert event.actor == medewerker
    assert (event.object_type, event.object_id) == ("mfa.authenticator", "41")
    assert event.details["type"] == "totp"
    assert event.ip_address == IP


def test_publishing_a_version_in_the_admin(beleid, publish, approve):
    first = publish()
    draft = GuidelineVersion.objects.create(guideline=first.guideline, body="Nieuw")
    approve(draft, by=beleid)
    url = reverse("admin:policy_guidelineversion_publish", args=[draft.pk])
    response = visitor(beleid).post(
        url, {"is_minor": "0", "change_summary": "Principe 6 aangescherpt"}
    )
    assert response.status_code == HTTPStatus.FOUND
    event = last(PolicyAction.VERSION_PUBLISHED)
    assert event.actor == beleid
    assert (event.object_type, event.object_id) == (
        "policy.guidelineversion",
        str(draft.pk),
    )
    assert event.details["number"] == 2
    assert event.ip_address == IP


def test_publishing_from_a_command_names_the_operator(tmp_path):
    path = tmp_path / "richtlijn.md"
    path.write_text("## Inleiding\n\nTekst.\n", encoding="utf-8")
    call_command(
        "import_guideline", str(path), "--slug", "test", "--title", "Test", "--publish"
    )
    event = last(PolicyAction.VERSION_PUBLISHED)
    assert event.actor is None
    assert event.on_behalf_of_label.startswith("os:")
    assert event.ip_address is None


def test_withdrawing_a_richtlijn(beleid, publish):
    version = publish()
    url = reverse("admin:policy_guideline_withdraw", args=[version.guideline_id])
    assert visitor(beleid).post(url).status_code == HTTPStatus.FOUND
    event = last(PolicyAction.GUIDELINE_WITHDRAWN)
    assert event.actor == beleid
    assert event.object_id == str(version.guideline_id)
    assert event.details == {"versions": [1]}
    assert event.ip_address == IP


def test_withdrawing_without_a_request_still_records(beleid, publish):
    version = publish()
    guideline_withdraw(guideline=version.guideline, user=beleid)
    assert last(PolicyAction.GUIDELINE_WITHDRAWN).actor == beleid


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (
            "/richtlijnen/social-media/versies/1/handtekeningen.csv",
            "handtekeningen.csv",
        ),
        ("/naleving/social-media/versies/1/niet-getekend.csv", "niet-getekend.csv"),
        ("/naleving/social-media/versies/1/niet-getekend.xlsx", "niet-getekend.xlsx"),
    ],
)
def test_every_export(beleid, publish, url, kind):
    version = publish()
    response = visitor(beleid).get(url)
    assert response.status_code == HTTPStatus.OK
    b"".join(response.streaming_content)
    event = last(Action.EXPORT)
    assert event.actor == beleid
    assert event.object_id == str(version.pk)
    assert event.details["kind"] == kind
    assert event.details["scope"] == "alle afdelingen"
    assert event.ip_address == IP


def test_pr_opening_a_signal_names_the_reporter(pr_user, medewerker):
    signal = make_signal(medewerker)
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    assert visitor(pr_user).get(url).status_code == HTTPStatus.OK
    event = last(ReportingAction.SIGNAL_VIEWED)
    assert event.actor == pr_user
    assert (event.object_type, event.object_id) == ("reporting.signal", str(signal.pk))
    assert event.on_behalf_of == medewerker
    assert event.on_behalf_of_label == medewerker.email
    assert event.ip_address == IP


def test_attachment_opened_by_pr_not_by_the_reporter(pr_user, medewerker):
    roles.ensure_groups()
    signal = make_signal(medewerker, files=[check_upload(pdf())])
    attachment = signal.attachments.get()
    own = visitor(medewerker).get(attachment.get_absolute_url())
    assert own.status_code == HTTPStatus.OK
    viewed = AuditEvent.objects.filter(action=ReportingAction.ATTACHMENT_VIEWED)
    assert not viewed.exists()

    response = visitor(pr_user).get(attachment.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    event = last(ReportingAction.ATTACHMENT_VIEWED)
    assert event.actor == pr_user
    assert event.on_behalf_of == medewerker
    assert (event.object_type, event.object_id) == (
        "reporting.attachment",
        str(attachment.pk),
    )
    assert event.ip_address == IP


def test_signal_changes_in_the_admin(pr_user, medewerker):
    signal = make_signal(medewerker)
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    response = visitor(pr_user).post(
        url,
        {
            "status": Status.IN_PROGRESS,
            "priority": "hoog",
            "assignee": pr_user.pk,
            "answer": "",
            "closing_reason": "",
            "note": "",
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.text[:2000]
    event = last(ReportingAction.SIGNAL_CHANGED)
    assert event.actor == pr_user
    assert event.object_id == str(signal.pk)
    changed = {change["field"]: change for change in event.details["changes"]}
    assert changed["status"]["new"] == Status.IN_PROGRESS
    assert changed["priority"] == {"field": "priority", "old": "normaal", "new": "hoog"}
    assert "assignee" in changed
    assert event.ip_address == IP


def test_an_answer_is_noted_without_its_text(pr_user, medewerker):
    signal = make_signal(medewerker)
    signal_update(signal=signal, actor=pr_user, answer="Dank, we reageren zelf.")
    event = last(ReportingAction.SIGNAL_CHANGED)
    assert event.details == {"changes": [{"field": "answer"}]}
    assert "Dank" not in str(event.details)


def test_staff_import_records_the_counts(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(
        "email,first_name,last_name,department,job_title,manager_email\n"
        "l.jansen@sterkhuis.nl,Lars,Jansen,Pleegzorg,Teamleider,\n"
        "m.devries@sterkhuis.nl,Mila,de Vries,Pleegzorg,Begeleider,"
        "l.jansen@sterkhuis.nl\n",
        encoding="utf-8",
    )
    call_command("import_staff", str(path))
    event = last(AccountsAction.STAFF_IMPORTED)
    assert event.details["created"] == 2
    assert event.details["departments_created"] == 1
    assert event.on_behalf_of_label.startswith("os:")


def test_every_403_is_recorded_and_shows_the_page(medewerker):
    response = visitor(medewerker).get("/naleving/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Geen toegang" in response.text
    event = last(Action.ACCESS_DENIED)
    assert event.actor == medewerker
    assert event.details == {"method": "GET", "path": "/naleving/"}
    assert event.ip_address == IP


def test_csrf_failure_has_a_dutch_page_and_is_recorded(medewerker):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=IP)
    client.force_login(medewerker)
    response = client.post("/meldingen/nieuw/", {"title": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Het formulier is verlopen of al verstuurd" in response.text
    event = last(Action.CSRF_FAILED)
    assert event.actor == medewerker
    assert event.details["path"] == "/meldingen/nieuw/"
    assert event.details["reason"]
    assert event.ip_address == IP


def test_too_many_failed_logins_are_recorded(settings, medewerker):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "1/m/ip",
    }
    client = visitor()
    for _attempt in range(2):
        client.post("/accounts/login/", {"login": medewerker.email, "password": "x"})
    event = last(Action.RATE_LIMITED)
    assert event.details == {"limit": "login_failed", "email": medewerker.email}
    assert event.ip_address == IP


def test_allauth_429_is_recorded(settings, medewerker):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "reset_password": "1/m/ip",
    }
    client = visitor()
    client.post("/accounts/password/reset/", {"email": medewerker.email})
    response = client.post("/accounts/password/reset/", {"email": medewerker.email})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Te veel pogingen" in response.text
    event = last(Action.RATE_LIMITED)
    assert event.details == {"method": "POST", "path": "/accounts/password/reset/"}
    assert event.ip_address == IP
