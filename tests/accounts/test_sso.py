"""Single sign-on with Entra ID, against a fake identity provider on 127.0.0.1.

The fake speaks OpenID Connect over real HTTP (discovery document, keys,
authorize and token endpoints) and signs ID tokens with an RSA key made here;
allauth and our provider code run unchanged.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings

from accounts.audit_events import AccountsAction
from accounts.models import User
from audit.models import AuditEvent
from sterkhuis.settings import entra_app, origin

pytestmark = pytest.mark.django_db

CLIENT_ID = "11111111-2222-3333-4444-555555555555"
CLIENT_SECRET = "a-client-secret"
TENANT_ID = "99999999-8888-7777-6666-555555555555"
LOGIN_URL = "/accounts/oidc/entra/login/"
CALLBACK_URL = "/accounts/oidc/entra/login/callback/"
NO_ACCOUNT = "Er is geen account voor dit e-mailadres"
GENERIC_FAILURE = "Het antwoord van Microsoft kon niet worden gecontroleerd"


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeEntra:
    """What the fake identity provider knows and what a test wants it to do."""

    base_url: str = ""
    key: rsa.RSAPrivateKey = field(default_factory=_new_key)
    kid: str = "key-1"
    # Claims of the person who logs in at the authorize endpoint.
    person: dict = field(default_factory=dict)
    # Changes to the ID token, to forge one: claims, or "key" to sign with.
    forge: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)
    token_requests: list = field(default_factory=list)

    @property
    def server_url(self) -> str:
        return f"{self.base_url}/{TENANT_ID}/v2.0"

    def discovery(self) -> dict:
        tenant = f"{self.base_url}/{TENANT_ID}"
        return {
            "issuer": self.server_url,
            "authorization_endpoint": f"{tenant}/oauth2/v2.0/authorize",
            "token_endpoint": f"{tenant}/oauth2/v2.0/token",
            "jwks_uri": f"{tenant}/discovery/v2.0/keys",
            "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
            "token_endpoint_auth_methods_supported": [
                "client_secret_post",
                "client_secret_basic",
            ],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def jwks(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.server_url,
            "aud": CLIENT_ID,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "nonce": nonce,
            "tid": TENANT_ID,
            "ver": "2.0",
            "sub": "pairwise-subject-" + self.person.get("oid", ""),
            **self.person,
        }
        forge = dict(self.forge)
        key = forge.pop("key", self.key)
        for name, value in forge.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})


class _Handler(BaseHTTPRequestHandler):
    idp: FakeEntra

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def _json(self, data: dict, status: int = 200) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path.endswith("/.well-known/openid-configuration"):
            self._json(self.idp.discovery())
        elif url.path.endswith("/discovery/v2.0/keys"):
            self._json(self.idp.jwks())
        elif url.path.endswith("/oauth2/v2.0/authorize"):
            # The person "logs in" and Entra sends them back with a code.
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            code = secrets.token_urlsafe(16)
            self.idp.codes[code] = query
            back = urlencode({"code": code, "state": query["state"]})
            self.send_response(302)
            self.send_header("Location", f"{query['redirect_uri']}?{back}")
            self.end_headers()
        else:
            self._json({"error": "not_found"}, 404)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.idp.token_requests.append(form)
        authorize = self.idp.codes.pop(form.get("code"), None)
        if (
            authorize is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != authorize["redirect_uri"]
        ):
            self._json({"error": "invalid_grant"}, 400)
            return
        self._json(
            {
                "token_type": "Bearer",
                "expires_in": 3600,
                "access_token": "an-access-token",
                "id_token": self.idp.id_token(authorize["nonce"]),
            }
        )


@pytest.fixture
def fake_entra():
    idp = FakeEntra()
    handler = type("Handler", (_Handler,), {"idp": idp})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    idp.base_url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield idp
    server.shutdown()
    server.server_close()


def _configure(settings, server_url: str) -> None:
    """What settings.py does when the ENTRA_* variables are set."""
    provider = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **provider,
            "APPS": [
                entra_app(
                    client_id=CLIENT_ID, secret=CLIENT_SECRET, server_url=server_url
                )
            ],
        }
    }
    csp = settings.SECURE_CSP
    settings.SECURE_CSP = {
        **csp,
        "form-action": [*csp["form-action"], origin(server_url)],
    }


@pytest.fixture
def entra(settings, fake_entra) -> FakeEntra:
    _configure(settings, fake_entra.server_url)
    return fake_entra


@pytest.fixture
def employee(user_factory, department) -> User:
    return user_factory(email="j.devries@sterkhuis.nl", department=department)


def _person(email: str, **claims) -> dict:
    return {
        "oid": "00000000-0000-0000-0000-00000000abcd",
        "email": email,
        "name": "Jan de Vries",
        "preferred_username": email,
        "xms_edov": True,
        **claims,
    }


def _sso_login(client, *, tamper_state: bool = False):
    """Press the button, log in at the fake Entra, come back: the last response."""
    response = client.post(f"{LOGIN_URL}?process=login")
    assert response.status_code == HTTPStatus.FOUND, response.content[:500]
    at_entra = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert at_entra.status_code == HTTPStatus.FOUND
    back = urlsplit(at_entra.headers["Location"])
    assert back.path == CALLBACK_URL
    query = parse_qs(back.query)
    if tamper_state:
        state = query["state"][0]
        query["state"] = [("y" if state[0] == "x" else "x") + state[1:]]
    return client.get(back.path, {k: v[0] for k, v in query.items()})


def _logged_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- Not configured ----------------------------------------------------------


def test_without_configuration_the_login_page_offers_no_sso(client):
    response = client.get("/accounts/login/")
    assert response.status_code == HTTPStatus.OK
    assert "Inloggen met Microsoft" not in response.content.decode()
    assert 'id="sso-form"' not in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", [LOGIN_URL, CALLBACK_URL + "?code=x&state=y"])
def test_without_configuration_the_sso_urls_offer_nothing(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_settings_come_from_the_environment():
    """settings.py, imported with and without the ENTRA_* variables."""
    code = (
        "import json; from sterkhuis import settings as s;"
        "print(json.dumps([s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'],"
        " s.SECURE_CSP['form-action']]))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("ENTRA_")}
    base.update(DEBUG="1")

    def run(**env) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**base, **env},
            cwd=django_settings.BASE_DIR,
            timeout=60,
            check=False,
        )

    def settings_with(**env) -> tuple[list, list]:
        result = run(**env)
        assert result.returncode == 0, result.stderr[-2000:]
        return json.loads(result.stdout)

    apps, form_action = settings_with()
    assert apps == []
    assert form_action == ["'self'"]

    apps, form_action = settings_with(
        ENTRA_TENANT_ID=TENANT_ID,
        ENTRA_CLIENT_ID=CLIENT_ID,
        ENTRA_CLIENT_SECRET=CLIENT_SECRET,
    )
    assert len(apps) == 1
    assert apps[0]["provider_id"] == "entra"
    assert apps[0]["client_id"] == CLIENT_ID
    assert apps[0]["settings"]["server_url"] == (
        f"https://login.microsoftonline.com/{TENANT_ID}/v2.0"
    )
    assert form_action == ["'self'", "https://login.microsoftonline.com"]

    apps, form_action = settings_with(
        ENTRA_CLIENT_ID=CLIENT_ID,
        ENTRA_CLIENT_SECRET=CLIENT_SECRET,
        ENTRA_SERVER_URL="http://127.0.0.1:9/tenant/v2.0",
    )
    assert apps[0]["settings"]["server_url"] == "http://127.0.0.1:9/tenant/v2.0"
    assert form_action == ["'self'", "http://127.0.0.1:9"]

    # Half a configuration stops the site from starting.
    result = run(ENTRA_CLIENT_ID=CLIENT_ID)
    assert result.returncode != 0
    assert "ENTRA_CLIENT_SECRET" in result.stderr


# --- Configured --------------------------------------------------------------


def test_the_login_page_offers_a_microsoft_button(client, entra):
    response = client.get("/accounts/login/?next=/richtlijnen/")
    page = response.content.decode()
    assert "Inloggen met Microsoft" in page
    form_start = page.index('id="sso-form"')
    form = page[page.rindex("<form", 0, form_start) : page.index("</form>", form_start)]
    assert 'method="post"' in form
    assert f'action="{LOGIN_URL}?process=login"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="next" value="/richtlijnen/"' in form
    policy = response["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if "form-action" in d)
    assert origin(entra.server_url) in form_action
    assert "'unsafe-inline'" not in policy


def test_the_button_needs_a_csrf_token(entra):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{LOGIN_URL}?process=login")
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_button_sends_a_nonce_state_and_pkce_to_entra(client, entra):
    response = client.post(f"{LOGIN_URL}?process=login")
    location = urlsplit(response["Location"])
    assert location.geturl().startswith(entra.discovery()["authorization_endpoint"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["response_type"] == "code"
    assert set(query["scope"].split()) == {"openid", "profile", "email"}
    assert query["redirect_uri"] == f"http://testserver{CALLBACK_URL}"
    assert len(query["nonce"]) >= 32
    assert query["state"]
    assert query["code_challenge_method"] == "S256"


def test_an_existing_active_user_signs_in_and_is_linked(client, entra, employee):
    entra.person = _person("J.deVries@sterkhuis.nl")

    response = _sso_login(client)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/"
    assert str(_logged_in_user_id(client)) == str(employee.pk)
    account = SocialAccount.objects.get()
    assert account.user == employee
    assert account.provider == "entra"
    assert account.uid == "00000000-0000-0000-0000-00000000abcd"
    token_request = entra.token_requests[-1]
    assert token_request["code_verifier"]
    employee.refresh_from_db()
    # Logging in through Entra does not take away the password login.
    assert employee.has_usable_password()
    assert client.get("/").status_code == HTTPStatus.OK


def test_a_linked_user_signs_in_again_by_entra_object_id(client, entra, employee):
    entra.person = _person(employee.email)
    _sso_login(client)
    client.logout()
    # HR changed the address; the link by Entra's object ID still holds.
    entra.person = _person("jan.devries@sterkhuis.nl")

    _sso_login(client)

    assert str(_logged_in_user_id(client)) == str(employee.pk)
    assert SocialAccount.objects.count() == 1


def test_sso_login_goes_to_the_page_asked_for(client, entra, employee):
    entra.person = _person(employee.email)
    response = client.post(f"{LOGIN_URL}?process=login", {"next": "/richtlijnen/"})
    at_entra = requests.get(response["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(at_entra.headers["Location"])
    response = client.get(f"{back.path}?{back.query}")
    assert response["Location"] == "/richtlijnen/"


def test_the_standard_email_verified_claim_is_accepted(client, entra, employee):
    entra.person = _person(employee.email, email_verified=True)
    entra.forge = {"xms_edov": None}
    _sso_login(client)
    assert str(_logged_in_user_id(client)) == str(employee.pk)


def _assert_refused(response, client, text: str) -> None:
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    page = response.content.decode()
    assert 'id="sso-error"' in page
    assert text in page
    assert _logged_in_user_id(client) is None
    # Every refusal is in the audit log, with where it came from.
    refusal = AuditEvent.objects.filter(action=AccountsAction.SSO_REFUSED).latest("at")
    assert refusal.ip_address == "127.0.0.1"
    assert refusal.details["provider"] == "entra"


def test_an_unknown_address_is_refused_and_no_account_is_made(client, entra, caplog):
    entra.person = _person("nieuw@sterkhuis.nl")
    users_before = User.objects.count()

    with caplog.at_level(logging.WARNING, logger="sterkhuis.security"):
        response = _sso_login(client)

    _assert_refused(response, client, NO_ACCOUNT)
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    [record] = [r for r in caplog.records if r.name == "sterkhuis.security"]
    assert "no_account" in record.getMessage()
    refusal = AuditEvent.objects.get(action=AccountsAction.SSO_REFUSED)
    assert refusal.details["reason"] == "no_account"
    assert refusal.details["email"] == "nieuw@sterkhuis.nl"
    assert "nieuw@sterkhuis.nl" in record.getMessage()


def test_an_inactive_user_is_refused(client, entra, employee):
    employee.is_active = False
    employee.save()
    entra.person = _person(employee.email)

    response = _sso_login(client)

    _assert_refused(response, client, "niet actief")
    assert not SocialAccount.objects.exists()


def test_a_linked_user_made_inactive_is_refused(client, entra, employee):
    entra.person = _person(employee.email)
    _sso_login(client)
    client.logout()
    User.objects.filter(pk=employee.pk).update(is_active=False)

    response = _sso_login(client)

    _assert_refused(response, client, "niet actief")


@pytest.mark.parametrize(
    "claims",
    [
        {"xms_edov": None},
        {"xms_edov": False},
        {"xms_edov": "true"},
        {"xms_edov": None, "email_verified": False},
    ],
    ids=["no-claim", "edov-false", "edov-string", "email-verified-false"],
)
def test_an_unverified_address_is_refused(client, entra, employee, claims):
    entra.person = _person(employee.email)
    entra.forge = claims

    response = _sso_login(client)

    _assert_refused(response, client, "niet bevestigd")
    assert not SocialAccount.objects.exists()
    employee.refresh_from_db()
    assert employee.has_usable_password()


@pytest.mark.parametrize(
    "forge",
    [
        {"iss": "https://login.microsoftonline.com/other-tenant/v2.0"},
        {"aud": "another-application"},
        {"nonce": "a-nonce-from-another-login"},
        {"nonce": None},
        {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},
        {"key": _new_key()},
    ],
    ids=[
        "wrong-issuer",
        "wrong-audience",
        "wrong-nonce",
        "no-nonce",
        "expired",
        "bad-signature",
    ],
)
def test_a_forged_id_token_is_refused(client, entra, employee, forge, caplog):
    entra.person = _person(employee.email)
    entra.forge = forge

    with caplog.at_level(logging.WARNING, logger="sterkhuis.security"):
        response = _sso_login(client)

    _assert_refused(response, client, GENERIC_FAILURE)
    assert not SocialAccount.objects.exists()
    assert any(
        "Invalid id_token" in r.getMessage()
        for r in caplog.records
        if r.name == "sterkhuis.security"
    )


def test_a_tampered_state_is_refused(client, entra, employee):
    entra.person = _person(employee.email)

    response = _sso_login(client, tamper_state=True)

    _assert_refused(response, client, GENERIC_FAILURE)
    # allauth stopped before asking Entra for a token.
    assert entra.token_requests == []


def test_a_replayed_callback_is_refused(client, entra, employee):
    entra.person = _person(employee.email)
    response = client.post(f"{LOGIN_URL}?process=login")
    at_entra = requests.get(response["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(at_entra.headers["Location"])
    client.get(f"{back.path}?{back.query}")
    client.logout()

    response = client.get(f"{back.path}?{back.query}")

    _assert_refused(response, client, GENERIC_FAILURE)


def test_a_cancelled_login_says_so(client, entra):
    response = client.post(f"{LOGIN_URL}?process=login")
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]

    response = client.get(
        CALLBACK_URL, {"error": "access_denied", "state": state}, follow=True
    )

    assert response.status_code == HTTPStatus.OK
    assert "Je hebt het inloggen met Microsoft afgebroken." in response.content.decode()


def test_connecting_an_entra_account_is_refused(client, entra, employee, user_factory):
    someone_else = user_factory(email="iemand@sterkhuis.nl")
    client.force_login(someone_else)
    entra.person = _person(employee.email)
    response = client.post(f"{LOGIN_URL}?process=connect")
    at_entra = requests.get(response["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(at_entra.headers["Location"])

    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert "een Microsoft-account koppelen kan niet" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_entra_unreachable_gives_a_page_not_an_error(client, settings, employee):
    _configure(settings, "http://127.0.0.1:9/tenant/v2.0")

    response = client.post(f"{LOGIN_URL}?process=login")

    _assert_refused(response, client, GENERIC_FAILURE)


def test_a_plain_link_does_not_leave_for_entra(client, entra):
    response = client.get(f"{LOGIN_URL}?process=login")

    assert response.status_code == HTTPStatus.OK
    assert 'method="post"' in response.content.decode()
    assert entra.codes == {}
