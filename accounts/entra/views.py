from __future__ import annotations

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2CallbackView,
    OAuth2LoginView,
)
from allauth.socialaccount.providers.openid_connect.views import (
    OpenIDConnectOAuth2Adapter,
)
from django.http import Http404, HttpRequest
from django.utils.crypto import constant_time_compare

# Entra ID signs its tokens with RS256; accepting only that rules out tokens
# whose header asks for another (weaker or symmetric) algorithm.
ALGORITHMS = ["RS256"]
REQUIRED_CLAIMS = ["iss", "aud", "exp", "iat", "sub", "nonce"]
# Tolerated clock difference between Entra and this server, in seconds.
LEEWAY = 60


class EntraOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, with a stricter ID token check.

    allauth skips the signature check when the token came straight from the
    token endpoint over TLS, which the OpenID Connect specification allows,
    and sends no nonce. We check the signature, the nonce, the issuer, the
    audience and the lifetime of every ID token anyway: it costs one cached
    key lookup and does not depend on TLS being set up right everywhere.
    """

    # Set by EntraCallbackView from the state stashed at the redirect.
    expected_nonce: str | None = None

    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error("The token response holds no id_token.")
        return super().complete_login(request, app, token, **kwargs)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        try:
            algorithm, key = jwtkit.fetch_key(
                id_token, self.openid_config["jwks_uri"], jwtkit.lookup_kid_jwk
            )
            if algorithm not in ALGORITHMS:
                raise OAuth2Error(f"Unexpected signing algorithm {algorithm!r}.")
            claims = jwt.decode(
                id_token,
                key=key,
                algorithms=ALGORITHMS,
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
                leeway=LEEWAY,
                options={"require": REQUIRED_CLAIMS},
            )
        except (jwt.PyJWTError, KeyError) as exc:
            raise OAuth2Error(f"Invalid id_token: {exc}") from exc
        if not self.expected_nonce or not constant_time_compare(
            str(claims["nonce"]), self.expected_nonce
        ):
            raise OAuth2Error("Invalid id_token: the nonce does not match.")
        jwtkit.verify_jti(claims)
        return claims


class EntraCallbackView(OAuth2CallbackView):
    def _get_state(self, request: HttpRequest, provider):
        # The state is taken from the session here, before the token is
        # fetched and decoded; hand its nonce to the adapter that decodes it.
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


def _run(view_class, request: HttpRequest, provider_id: str):
    try:
        adapter = EntraOAuth2Adapter(request, provider_id)
        return view_class.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist as exc:
        # Single sign-on is not configured: there is nothing here.
        raise Http404 from exc


@login_not_required
def login(request: HttpRequest, provider_id: str):
    return _run(OAuth2LoginView, request, provider_id)


@login_not_required
def callback(request: HttpRequest, provider_id: str):
    return _run(EntraCallbackView, request, provider_id)
