from __future__ import annotations

import requests
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
)
from django.http import HttpRequest
from django.utils.crypto import get_random_string

from accounts.entra.views import EntraOAuth2Adapter


def claims_email_verified(claims: dict) -> bool:
    """Whether the ID token vouches that the user owns the `email` claim.

    Entra ID does not send the standard `email_verified` claim, and its `email`
    claim is the user's `mail` attribute, which a tenant administrator can set
    to any address, also one in a domain the tenant does not own (the "nOAuth"
    weakness). Entra's optional claim `xms_edov` ("e-mail domain owner
    verified") is true only when the address's domain is verified in the
    tenant, so that, or a standard `email_verified`, is what we accept. Without
    either, the address proves nothing and the login is refused; the app
    registration must therefore add the optional claims `email` and `xms_edov`
    to the ID token.
    """
    return claims.get("email_verified") is True or claims.get("xms_edov") is True


class EntraProvider(OpenIDConnectProvider):
    oauth2_adapter_class = EntraOAuth2Adapter
    # Our URLs (same paths and names as allauth's) run EntraOAuth2Adapter;
    # allauth's own views would build its generic adapter.
    package = "accounts.entra"

    def get_oauth2_adapter(self, request: HttpRequest):
        return self.oauth2_adapter_class(request, self.app.provider_id)

    def extract_email_addresses(self, data):
        addresses = super().extract_email_addresses(data)
        claims = data.get("id_token") or {}
        for address in addresses:
            address.verified = claims_email_verified(claims)
        return addresses

    def redirect(
        self, request: HttpRequest, process, next_url=None, data=None, **kwargs
    ):
        # The nonce goes to Entra, which copies it into the ID token, and into
        # the stashed state, so the callback can tell that the token was made
        # for this very login and not replayed from another one.
        nonce = get_random_string(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params["nonce"] = nonce
        try:
            return super().redirect(
                request,
                process,
                next_url,
                data,
                auth_params=auth_params,
                nonce=nonce,
                **kwargs,
            )
        except requests.RequestException as exc:
            # Entra's discovery document could not be fetched: say so on a
            # page instead of answering 500.
            return render_authentication_error(request, self, exception=exc)
