"""Every URL of the project, for every role: who may open what.

The URL patterns are read from the URL configuration, so a new view without
a rule here fails this test. Objects belong to someone: the ids used are
those of another employee, another department, another signal, so a page
that trusts an id from the URL shows up as a leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import roles
from accounts.models import Department
from accounts.partners import partner_create
from guidance.models import PublishedQuestion, Synonym
from outbox.services import send as outbox_send
from policy.models import Chapter, Guideline, Principle
from policy.services import (
    guideline_withdraw,
    review_request,
    signature_create,
    version_create_draft,
)
from reporting.attachments import check_upload
from reporting.models import StandardAnswer
from tests.reporting.factories import make_signal
from tests.reporting.helpers import png

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "medewerker",
    "leidinggevende",
    "beleid",
    "pr",
    "privacy",
    "kwaliteit",
    "superuser",
    "partner",
]
STAFF_ROLES = {"beleid", "pr", "kwaliteit", "superuser"}

OK = HTTPStatus.OK
FOUND = HTTPStatus.FOUND
FORBIDDEN = HTTPStatus.FORBIDDEN
NOT_FOUND = HTTPStatus.NOT_FOUND
LOGIN = "login"  # a redirect to the login page, remembering where to go next


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = p.name
            if name is None:
                # The admin's unnamed patterns: the redirect from an object's
                # bare URL to its change page, and the final catch-all.
                match = re.match(r"admin/(\w+)/(\w+)/<path:object_id>/$", route)
                if match:
                    name = f"{match[1]}_{match[2]}_object"
                elif route.startswith("admin/"):
                    name = "catch_all"
                else:
                    name = f"unnamed:{route}"
            yield Route(f"{namespace}:{name}" if namespace else name, route)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def everyone(status) -> dict:
    return dict.fromkeys(ROLES, status)


def logged_in(status, anonymous=LOGIN) -> dict:
    return {**everyone(status), "anonymous": anonymous}


def only(allowed: set[str], status=OK, others=FORBIDDEN) -> dict:
    rules = logged_in(others)
    rules.update(dict.fromkeys(allowed, status))
    return rules


def admin_rule(allowed: set[str], status=OK) -> dict:
    """The admin: staff with the model's permission get `status`, other staff
    403, everyone else is sent to log in."""
    rules = dict.fromkeys(ROLES, LOGIN)
    rules.update(dict.fromkeys(STAFF_ROLES, FORBIDDEN))
    rules.update(dict.fromkeys(allowed, status))
    return rules


def admin_access(view: set[str], add=(), change=None, delete=()) -> dict:
    """Who may view, add, change and delete a model in the admin. The change
    page of a read-only model opens for whoever may view it."""
    return {
        "view": set(view),
        "add": set(add),
        "change": set(view if change is None else change),
        "delete": set(delete),
    }


SUPERUSER = {"superuser"}
EVERYTHING = (SUPERUSER, SUPERUSER, SUPERUSER, SUPERUSER)
# Which staff role may do what with each model in the admin.
ADMIN_MODELS: dict[str, dict[str, set[str]]] = {
    "auth_group": admin_access(*EVERYTHING),
    "accounts_user": admin_access(*EVERYTHING),
    "accounts_department": admin_access(*EVERYTHING),
    # Partnerships end (an action), they are never deleted.
    "accounts_partnership": admin_access(SUPERUSER, SUPERUSER, SUPERUSER),
    "account_emailaddress": admin_access(*EVERYTHING),
    # Queued tasks can be looked at, never made or removed by hand.
    "django_tasks_database_dbtaskresult": admin_access(SUPERUSER),
    # Outgoing mail: read-only, for superusers ("opnieuw versturen" is an action).
    "outbox_message": admin_access(SUPERUSER),
    # Richtlijnen are withdrawn, never deleted; a concept is made from the
    # richtlijn ("nieuw concept") and an abandoned one deleted by a superuser.
    # The quality officer reads richtlijnen and concepts (and decides on
    # them at /beoordelen/).
    "policy_guideline": admin_access(
        {"beleid", "kwaliteit", "superuser"}, {"beleid", "superuser"}
    ),
    "policy_guidelineversion": admin_access(
        {"beleid", "kwaliteit", "superuser"},
        {"beleid", "superuser"},
        delete=SUPERUSER,
    ),
    # Evidence: read-only.
    "policy_signature": admin_access({"beleid", "superuser"}),
    # Beleid keeps the handbook's chapters; a superuser may delete an empty one.
    "policy_chapter": admin_access(
        {"beleid", "superuser"}, {"beleid", "superuser"}, delete=SUPERUSER
    ),
    # Approvals and returns (four eyes): evidence, read-only.
    "policy_reviewdecision": admin_access({"beleid", "kwaliteit", "superuser"}),
    "audit_auditevent": admin_access(SUPERUSER),
    # Second factors and single sign-on links: the superuser helps out after
    # a lost phone or a changed Entra account.
    "mfa_authenticator": admin_access(*EVERYTHING),
    "socialaccount_socialaccount": admin_access(*EVERYTHING),
    "socialaccount_socialapp": admin_access(*EVERYTHING),
    "socialaccount_socialtoken": admin_access(*EVERYTHING),
    # PR triages; nobody adds or deletes a signal there.
    "reporting_signal": admin_access({"pr", "superuser"}),
    # PR maintain their own standard answers.
    "reporting_standardanswer": admin_access(
        {"pr", "superuser"}, {"pr", "superuser"}, delete={"pr", "superuser"}
    ),
    # PR publishes answered questions, rewritten, and withdraws them.
    "guidance_publishedquestion": admin_access(
        {"pr", "superuser"}, {"pr", "superuser"}, delete={"pr", "superuser"}
    ),
    # Beleid keeps search's synonyms ("appen" → WhatsApp).
    "guidance_synonym": admin_access(
        {"beleid", "superuser"}, {"beleid", "superuser"}, delete={"beleid", "superuser"}
    ),
    # The privacy officer works in /datalekken/; superusers may look here.
    "datalek_breach": admin_access(SUPERUSER),
}


class World:
    """Two departments, one person per role, richtlijn versions and signals
    that belong to somebody."""

    def __init__(self, user_factory, publish):
        self.pleegzorg = Department.objects.create(name="Pleegzorg")
        self.ambulant = Department.objects.create(name="Ambulante hulpverlening")
        roles.ensure_groups()
        self.users = {
            "medewerker": user_factory(
                department=self.pleegzorg, groups=[roles.MEDEWERKER]
            ),
            "leidinggevende": user_factory(
                department=self.pleegzorg,
                groups=[roles.MEDEWERKER, roles.LEIDINGGEVENDE],
            ),
            "beleid": user_factory(
                department=self.ambulant,
                groups=[roles.MEDEWERKER, roles.BELEID],
                is_staff=True,
            ),
            "pr": user_factory(
                department=self.ambulant,
                groups=[roles.MEDEWERKER, roles.PR],
                is_staff=True,
            ),
            "privacy": user_factory(
                department=self.ambulant, groups=[roles.MEDEWERKER, roles.PRIVACY]
            ),
            "kwaliteit": user_factory(
                department=self.ambulant,
                groups=[roles.MEDEWERKER, roles.KWALITEIT],
                is_staff=True,
            ),
            "superuser": user_factory(is_staff=True, is_superuser=True),
        }
        # A foster parent: reads the richtlijnen for partners, nothing of staff's.
        self.users["partner"] = partner_create(
            email="pleegouder@example.test",
            first_name="Sam",
            last_name="Pleegouder",
            contact_person=self.users["medewerker"],
            send_invite=False,
        )
        self.colleague = user_factory(department=self.ambulant)
        self.breach = make_signal(self.colleague, possible_breach=True).breach
        self.email = EmailAddress.objects.create(
            user=self.colleague, email=self.colleague.email, primary=True
        )
        self.social_app = SocialApp.objects.create(
            provider="openid_connect",
            provider_id="test-idp",
            name="Test",
            client_id="client",
        )
        self.social_account = SocialAccount.objects.create(
            user=self.colleague, provider="entra", uid="oid-of-a-colleague"
        )
        self.social_token = SocialToken.objects.create(
            app=self.social_app, account=self.social_account, token="t"
        )
        self.pleegzorg.manager = self.users["leidinggevende"]
        self.pleegzorg.save()
        first = publish(title="Richtlijnen social media")
        self.guideline = Guideline.objects.get(slug="social-media")
        signature_create(user=self.users["medewerker"], version=first)
        publish(body="## Inleiding\n\nGebruik altijd je gezond verstand.\n")
        self.concept = version_create_draft(guideline=self.guideline, user=None)
        # The handbook: a chapter, and a richtlijn withdrawn into the archive.
        Chapter.objects.create(number=1, title="Professioneel werken")
        publish(slug="oud-beleid", title="Oud beleid")
        self.withdrawn = Guideline.objects.get(slug="oud-beleid")
        guideline_withdraw(guideline=self.withdrawn, user=None)
        # Asked of the quality officers by Beleid: only they may decide.
        self.review = review_request(
            version=self.concept,
            user=self.users["beleid"],
            group=Group.objects.get(name=roles.KWALITEIT),
        )
        self.signal = make_signal(self.users["medewerker"], files=[check_upload(png())])
        self.attachment = self.signal.attachments.get()
        self.others_signal = make_signal(self.colleague, title="Nieuws van een ander")
        StandardAnswer.objects.create(title="Dank", text="Dank je wel.")
        self.task = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="outbox.delivery.deliver_due",
            backend_name="default",
            run_after=timezone.now(),
        )
        [self.message] = outbox_send(
            "staff_invite", "iemand@sterkhuis.test", {"url": "/", "valid_days": 3}
        )
        self.published_question = PublishedQuestion.objects.create(
            principle=Principle.objects.get(
                guideline=self.guideline, anchor="inleiding"
            ),
            question="Mag ik dit plaatsen?",
            answer="Bij twijfel niet.",
        )
        Synonym.objects.create(word="appen", means="WhatsApp")

    def object_for(self, model: str):
        from django.apps import apps

        app_label, _, model_name = model.rpartition("_")
        if model == "django_tasks_database_dbtaskresult":
            app_label, model_name = "django_tasks_database", "dbtaskresult"
        if model == "auth_group":
            return Group.objects.order_by("pk").first()
        objects = {
            "accounts_user": self.colleague,
            "accounts_department": self.ambulant,
            "policy_guideline": self.guideline,
            "reporting_signal": self.others_signal,
            "account_emailaddress": self.email,
            "socialaccount_socialapp": self.social_app,
            "socialaccount_socialaccount": self.social_account,
            "socialaccount_socialtoken": self.social_token,
            "policy_guidelineversion": self.concept,
            "django_tasks_database_dbtaskresult": self.task,
            "guidance_publishedquestion": self.published_question,
            "outbox_message": self.message,
        }
        if model in objects:
            return objects[model]
        return apps.get_model(app_label, model_name).objects.order_by("pk").first()


@pytest.fixture
def world(user_factory, publish, settings) -> World:
    # The queued-task admin shows rows of the production task backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return World(user_factory, publish)


def url_of(route: Route, world: World) -> str | None:
    """A concrete URL for the pattern, with ids of somebody else's objects."""
    name = route.name
    if name.startswith("unnamed:"):
        return "/" + route.pattern
    if name == "admin:catch_all":
        return "/admin/bestaat-niet/"
    if name.startswith("admin:") and name.endswith("_object"):
        model = name[len("admin:") : -len("_object")]
        obj = world.object_for(model)
        app, model_name = obj._meta.app_label, obj._meta.model_name
        return f"/admin/{app}/{model_name}/{obj.pk}/"
    kwargs: dict = {}
    params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route.pattern)
    names = [a or b for a, b in params]
    admin_model = re.match(
        r"admin:(\w+?)_(changelist|add|history|delete|change)$", name
    )
    for param in names:
        if param == "slug" and name == "policy:archive_detail":
            kwargs[param] = world.withdrawn.slug
        elif param == "slug":
            kwargs[param] = "social-media"
        elif param == "number":
            kwargs[param] = 1
        elif param == "other":
            kwargs[param] = 2
        elif param == "key" and name == "reporting:attachment":
            kwargs[param] = world.attachment.key
        elif param == "pk" and name == "reporting:detail":
            kwargs[param] = world.signal.pk  # the medewerker's own signal
        elif param == "pk" and name == "datalek:detail":
            kwargs[param] = world.breach.pk
        elif param == "pk" and name == "datalek:for_signal":
            kwargs[param] = world.breach.signal_id
        elif param == "pk" and name == "compliance:department":
            kwargs[param] = world.pleegzorg.pk
        elif param == "pk" and name == "compliance:person":
            kwargs[param] = world.users["medewerker"].pk
        elif param == "object_id" and name == "admin:reporting_signal_answer":
            kwargs[param] = world.others_signal.pk
        elif param == "pk" and name in {
            "admin:policy_guidelineversion_publish",
            "admin:policy_guidelineversion_review_request",
            "admin:policy_guidelineversion_word_import",
        }:
            kwargs[param] = world.concept.pk
        elif param == "pk" and name == "review:detail":
            kwargs[param] = world.review.pk
        elif param == "pk" and name.startswith("admin:policy_guideline"):
            kwargs[param] = world.guideline.pk
        elif param == "object_id" and admin_model:
            kwargs[param] = world.object_for(admin_model[1]).pk
        elif param == "id" and name == "admin:auth_user_password_change":
            kwargs[param] = world.colleague.pk
        elif param == "content_type_id":
            from django.contrib.contenttypes.models import ContentType

            kwargs[param] = ContentType.objects.get_for_model(world.guideline).pk
            kwargs["object_id"] = world.guideline.pk
        elif param == "object_id":
            continue
        elif param == "provider_id":
            kwargs[param] = "entra"
        elif param == "app_label":
            kwargs[param] = "reporting"
        elif param in {"key", "uidb36"}:
            kwargs[param] = "0" if param == "uidb36" else "ongeldige-sleutel"
        else:
            raise AssertionError(f"no value for {param} in {route}")
    return reverse(name, kwargs=kwargs)


def admin_rules(name: str) -> dict | None:
    match = re.match(
        r"admin:(\w+?)_(changelist|add|history|delete|change|object)$", name
    )
    if not match or match[1] not in ADMIN_MODELS:
        return None
    model, action = match[1], match[2]
    access = ADMIN_MODELS[model]
    if action == "object":
        # The bare object URL only redirects to its change page.
        return admin_rule(STAFF_ROLES, status=FOUND)
    if action in {"changelist", "history"}:
        allowed = access["view"]
    else:
        allowed = access[action]
    return admin_rule(allowed)


RULES: dict[str, dict] = {
    # The site.
    "home": logged_in(OK),
    "health": everyone(OK),
    "ping": logged_in(OK),
    "set_language": everyone(FOUND),
    # Richtlijnen: every employee reads them; partners in zorg only those meant
    # for partners (social-media is not).
    "policy:list": logged_in(OK),
    "policy:detail": {**logged_in(OK), "partner": NOT_FOUND},
    "policy:versions": {**logged_in(OK), "partner": NOT_FOUND},
    "policy:version": {**logged_in(OK), "partner": NOT_FOUND},
    "policy:compare": {**logged_in(OK), "partner": NOT_FOUND},
    # The archive of withdrawn richtlijnen: Beleid (and auditors through them).
    "policy:archive": only({"beleid", "superuser"}),
    "policy:archive_detail": only({"beleid", "superuser"}),
    "policy:signatures_csv": only({"leidinggevende", "beleid", "superuser"}),
    "policy:signatures_xlsx": only({"leidinggevende", "beleid", "superuser"}),
    # Compliance: Beleid and superusers everything, a manager their own people.
    "compliance:overview": only({"leidinggevende", "beleid", "superuser"}),
    "compliance:guideline": only({"leidinggevende", "beleid", "superuser"}),
    "compliance:department": only({"leidinggevende", "beleid", "superuser"}),
    "compliance:person": only({"leidinggevende", "beleid", "superuser"}),
    "compliance:unsigned_csv": only({"leidinggevende", "beleid", "superuser"}),
    "compliance:unsigned_xlsx": only({"leidinggevende", "beleid", "superuser"}),
    # Signals: one's own only; PR works in the admin, not here.
    "reporting:list": logged_in(OK),
    "reporting:create": logged_in(OK),
    "reporting:detail": only({"medewerker"}, others=NOT_FOUND),
    # Superusers count as PR (roles.is_pr): they open what the admin shows them.
    "reporting:attachment": only({"medewerker", "pr", "superuser"}, others=NOT_FOUND),
    # Signals per principle: for Beleid (and PR, who links them).
    "reporting:principles": only({"beleid", "pr", "superuser"}),
    # Signal figures with charts: PR and Beleid.
    "insight:signal_overview": only({"beleid", "pr", "superuser"}),
    # The management report: Beleid and superusers (a leidinggevende too gets
    # 403: their departments are on /naleving/).
    "insight:report_pdf": only({"beleid", "superuser"}),
    "insight:report_xlsx": only({"beleid", "superuser"}),
    # The audit dossier of a richtlijn: Beleid and superusers.
    "insight:audit_dossier": only({"beleid", "superuser"}),
    # Published questions and search: every employee.
    "guidance:questions": logged_in(OK),
    "guidance:search": logged_in(OK),
    # Four eyes: whoever may be asked to approve (Kwaliteit, Privacy, Beleid)
    # sees the list; a request only those it was asked of, never its author.
    "review:list": only({"beleid", "privacy", "kwaliteit", "superuser"}),
    "review:detail": only({"kwaliteit", "superuser"}, others=FORBIDDEN)
    | {"beleid": NOT_FOUND, "privacy": NOT_FOUND},
    # The datalekregister: the privacy officer and superusers only.
    "datalek:list": only({"privacy", "superuser"}),
    "datalek:detail": only({"privacy", "superuser"}),
    "datalek:export_csv": only({"privacy", "superuser"}),
    "datalek:export_xlsx": only({"privacy", "superuser"}),
    "datalek:for_signal": only({"privacy", "superuser"}, status=FOUND),
    # Accounts (allauth). Logged-in people are sent on from the entrance pages.
    "account_login": logged_in(FOUND, anonymous=OK),
    "account_logout": logged_in(OK, anonymous=FOUND),
    "account_inactive": everyone(OK),
    "account_signup": logged_in(FOUND, anonymous=OK),
    # Partners have no password to confirm.
    "account_reauthenticate": {**logged_in(OK), "partner": FORBIDDEN},
    # Switched off: addresses come from HR.
    "account_email": logged_in(NOT_FOUND),
    "unnamed:accounts/email/": logged_in(NOT_FOUND),
    "account_email_verification_sent": everyone(OK),
    # Partners in zorg have no password: both send them to the start page.
    "account_change_password": {**logged_in(OK), "partner": FOUND},
    "account_set_password": logged_in(FOUND),
    "account_reset_password": everyone(OK),
    "account_reset_password_done": everyone(OK),
    "account_request_login_code": logged_in(FOUND, anonymous=OK),
    "account_confirm_login_code": logged_in(FOUND, anonymous=FOUND),
    "account_confirm_email": everyone(OK),
    "account_reset_password_from_key": everyone(OK),
    "account_reset_password_from_key_done": everyone(OK),
    # Two-factor authentication (allauth.mfa). Staff have an authenticator app;
    # changing it asks for the password again first.
    # Partners in zorg log in with a code by e-mail; none of these pages is
    # theirs (they are sent to the start page).
    "mfa_index": {**logged_in(OK), "partner": FOUND},
    "mfa_authenticate": logged_in(FOUND, anonymous=FOUND),  # no login pending
    "mfa_reauthenticate": {
        **logged_in(FOUND),
        **dict.fromkeys(STAFF_ROLES, OK),
    },
    "mfa_activate_totp": logged_in(FOUND),
    "mfa_deactivate_totp": {
        **logged_in(NOT_FOUND),
        "partner": FOUND,
        **dict.fromkeys(STAFF_ROLES, FOUND),
    },
    "mfa_generate_recovery_codes": logged_in(FOUND),
    "mfa_view_recovery_codes": {**logged_in(NOT_FOUND), "partner": FOUND},  # none
    "mfa_download_recovery_codes": {**logged_in(NOT_FOUND), "partner": FOUND},
    # Single sign-on: absent while it is not configured.
    "openid_connect_login": everyone(NOT_FOUND),
    "openid_connect_callback": everyone(NOT_FOUND),
    "socialaccount_connections": logged_in(OK),
    "socialaccount_login_cancelled": everyone(OK),
    "socialaccount_login_error": logged_in(HTTPStatus.UNAUTHORIZED),
    "socialaccount_signup": everyone(FOUND),  # sign-up is closed
    "unnamed:accounts/social/connections/": logged_in(HTTPStatus.MOVED_PERMANENTLY),
    "unnamed:accounts/social/login/cancelled/": logged_in(HTTPStatus.MOVED_PERMANENTLY),
    "unnamed:accounts/social/login/error/": logged_in(HTTPStatus.MOVED_PERMANENTLY),
    "unnamed:accounts/social/signup/": logged_in(HTTPStatus.MOVED_PERMANENTLY),
    # The admin's own pages.
    "admin:index": admin_rule(STAFF_ROLES),
    # The admin has no login of its own: the portal's login (with its rate
    # limits and second factor) is the only way in.
    "admin:login": {**logged_in(FORBIDDEN), **dict.fromkeys(STAFF_ROLES, FOUND)},
    # Staff are asked to confirm; others are sent to the admin's front door.
    "admin:logout": {**logged_in(FOUND), **dict.fromkeys(STAFF_ROLES, OK)},
    "admin:password_change": admin_rule(STAFF_ROLES),
    "admin:password_change_done": admin_rule(STAFF_ROLES),
    "admin:autocomplete": admin_rule(set(), status=OK),
    "admin:jsi18n": admin_rule(STAFF_ROLES),
    "admin:view_on_site": admin_rule(STAFF_ROLES, status=FOUND),
    "admin:app_list": {
        **admin_rule({"pr", "superuser"}),
        "beleid": NOT_FOUND,
        "kwaliteit": NOT_FOUND,
    },
    "admin:catch_all": {**admin_rule(set()), **dict.fromkeys(STAFF_ROLES, NOT_FOUND)},
    # A concept is made by a POST from the richtlijn's page only.
    "admin:policy_guideline_new_draft": admin_rule(set()),
    "admin:policy_guideline_withdraw": admin_rule({"beleid", "superuser"}),
    "admin:policy_guidelineversion_publish": admin_rule({"beleid", "superuser"}),
    # Asking for approval is a POST from the concept's page only.
    "admin:policy_guidelineversion_review_request": admin_rule(set()),
    "admin:policy_guidelineversion_word_import": admin_rule({"beleid", "superuser"}),
    "admin:auth_user_password_change": admin_rule({"superuser"}),
    "admin:reporting_signal_answer": admin_rule({"pr", "superuser"}),
}


def rules_for(route: Route) -> dict | None:
    return RULES.get(route.name) or admin_rules(route.name)


def test_every_url_has_a_rule():
    missing = [f"{r.name} ({r.pattern})" for r in all_routes() if rules_for(r) is None]
    assert not missing, "URL patterns without an access rule:\n" + "\n".join(missing)


def _outcome(response) -> object:
    if response.status_code == FOUND:
        location = response.headers["Location"]
        login_pages = (reverse("account_login"), reverse("admin:login"))
        if location.startswith(login_pages) and "next=" in location:
            return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_it_may(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    wrong = []
    for route in all_routes():
        expected = (rules_for(route) or {}).get(role)
        if expected is None:
            continue
        url = url_of(route, world)
        response = client.get(url)
        got = _outcome(response)
        if got != expected:
            where = response.headers.get("Location", "")
            wrong.append(
                f"{route.name:45} {url:50} expected {expected}, got {got} {where}"
            )
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_changing_an_id_shows_nothing_of_someone_else(client, world):
    """The ids of another person's signal, attachment, department or
    signing history: refused, whoever asks outside the rules."""
    others_attachment = make_signal(
        world.colleague, files=[check_upload(png())]
    ).attachments.get()
    cases = [
        ("medewerker", reverse("reporting:detail", args=[world.others_signal.pk])),
        ("pr", reverse("reporting:detail", args=[world.others_signal.pk])),
        ("superuser", reverse("reporting:detail", args=[world.others_signal.pk])),
        ("medewerker", reverse("reporting:attachment", args=[others_attachment.key])),
        (
            "leidinggevende",
            reverse("reporting:attachment", args=[others_attachment.key]),
        ),
        ("leidinggevende", reverse("compliance:department", args=[world.ambulant.pk])),
        ("leidinggevende", reverse("compliance:person", args=[world.colleague.pk])),
        ("medewerker", reverse("compliance:person", args=[world.colleague.pk])),
    ]
    for role, url in cases:
        client.force_login(world.users[role])
        response = client.get(url)
        assert response.status_code in {NOT_FOUND, FORBIDDEN}, (role, url)
        assert world.colleague.email.encode() not in response.content
        assert b"Nieuws van een ander" not in response.content


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_navigation_offers_the_dashboard_exactly_to_who_may_open_it(
    client, world, role
):
    client.force_login(world.users[role])
    link = f'href="{reverse("compliance:overview")}"'
    offered = link in client.get(reverse("home")).text
    allowed = client.get(reverse("compliance:overview")).status_code == OK
    assert offered == allowed
    assert allowed == (RULES["compliance:overview"][role] == OK)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_navigation_offers_reviewing_exactly_to_who_may_open_it(client, world, role):
    client.force_login(world.users[role])
    link = f'href="{reverse("review:list")}"'
    offered = link in client.get(reverse("home")).text
    assert offered == (RULES["review:list"][role] == OK)
