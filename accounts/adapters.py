from __future__ import annotations

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.base import AuthError, AuthProcess
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.audit_events import AccountsAction
from accounts.services import email_address_confirm
from audit.models import Action
from audit.services import audit_record, client_ip, refusal_record
from outbox import services as outbox

security_log = logging.getLogger("sterkhuis.security")

# Why a single sign-on login is refused: a code for the log, a text for the user.
REFUSALS = {
    "no_account": _(
        "Er is geen account voor dit e-mailadres; neem contact op met de "
        "beheerder van het portaal. Accounts worden aangemaakt vanuit de "
        "personeelsadministratie."
    ),
    "inactive": _(
        "Je account in het portaal is niet actief; neem contact op met de "
        "beheerder van het portaal."
    ),
    "email_unverified": _(
        "Microsoft heeft niet bevestigd dat dit e-mailadres van jou is, dus we "
        "kunnen je er niet mee inloggen. Neem contact op met de beheerder van "
        "het portaal."
    ),
    "not_login": _(
        "Met Microsoft kun je alleen inloggen, vanaf de inlogpagina; een "
        "Microsoft-account koppelen kan niet."
    ),
}


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed logins per address tried; counted per address
        # and client together, wrong passwords from elsewhere do not lock the
        # account's owner out. The "ip" part of the limit still counts every
        # failure of one client, whichever accounts it tries.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{client_ip(request) or 'unknown'}"

    def pre_authenticate(self, request, **credentials) -> None:
        # allauth refuses a login after too many failures with a form error,
        # not through its 429 handler: record that refusal here.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            refusal_record(
                action=Action.RATE_LIMITED,
                details={
                    "limit": "login_failed",
                    "email": str(credentials.get("email", ""))[:254],
                },
                request=request,
            )
            raise

    def is_open_for_signup(self, request) -> bool:
        # Accounts come from the HR administration; there is no public sign-up.
        return False

    def authenticate(self, request, **credentials):
        # Partners in zorg log in with a code only. Should one ever get a
        # password, it opens nothing: the answer is the usual "wrong e-mail
        # or password", so the form does not tell who is a partner.
        user = super().authenticate(request, **credentials)
        if user is not None and roles.is_partner(user):
            self.authentication_failed(request, **credentials)
            return None
        return user

    # allauth's mails in our own words (templates/email/), through the outbox
    # like every other mail: stored during the request, sent by the worker.
    MAILS = {
        "account/email/login_code": "login_code",
        "account/email/password_reset_key": "password_reset",
        "account/email/partner_password_reset": "partner_password_reset",
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {
            **context,
            "email": email,
            "code_minutes": settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60,
            "valid_days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
        }
        context.pop("request", None)
        user = context.get("user")
        if user is not None and not context.get("name"):
            context["name"] = getattr(user, "first_name", "")
        if template_prefix in self.MAILS:
            outbox.send(self.MAILS[template_prefix], email, context)
            return
        # A mail of allauth's we have no words of our own for: its own
        # templates, in Dutch, still through the outbox.
        with translation.override(settings.LANGUAGE_CODE):
            message = self.render_mail(template_prefix, email, context)
        outbox.message_store(
            template=template_prefix,
            to=email,
            subject=message.subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX),
            body=message.body,
        )

    def set_password(self, user, password: str) -> None:
        if roles.is_partner(user):
            raise PermissionDenied("Partners in zorg have no password.")
        super().set_password(user, password)

    def send_password_reset_mail(self, user, email: str, context: dict) -> None:
        # A partner who asks for a new password is told how they log in: with
        # a code, on the code login page.
        if roles.is_partner(user):
            context = {
                **context,
                "login_code_url": self.request.build_absolute_uri(
                    reverse("account_request_login_code")
                ),
            }
            return self.send_mail(
                "account/email/partner_password_reset", email, context
            )
        return super().send_password_reset_mail(user, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on signs in existing, active accounts and creates none.

    Every refusal, whether allauth finds the answer of the identity provider
    wrong (state, issuer, audience, nonce, signature, lifetime) or we refuse
    the person, ends in `on_authentication_error`: the one place to record it.
    """

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Reached when no account has the (verified) address of the login.
        self._refuse(request, sociallogin, "no_account")

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.state.get("process") != AuthProcess.LOGIN:
            # Connecting an Entra identity to whoever is logged in would let
            # one person's Microsoft account open another's portal account.
            self._refuse(request, sociallogin, "not_login")
        verified = [a.email for a in sociallogin.email_addresses if a.verified]
        if not verified:
            self._refuse(request, sociallogin, "email_unverified")
        user = sociallogin.user
        if user is None or user.pk is None:
            return  # No account: is_open_for_signup refuses.
        if not user.is_active:
            self._refuse(request, sociallogin, "inactive")
        if sociallogin.account.pk is None:
            # First login through Entra, matched on the e-mail address: allauth
            # connects the Entra identity to the account next. It would also
            # wipe the password of an account whose address is not marked
            # verified, against accounts registered in advance with somebody
            # else's address. Ours come from HR, and Entra just proved the
            # address, so we record it as verified instead.
            email_address_confirm(user=user, email=user.email)

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        extra_context = extra_context or {}
        audit_record(
            action=AccountsAction.SSO_REFUSED,
            details={
                "provider": getattr(getattr(provider, "app", None), "provider_id", ""),
                "error": str(error or ""),
                "reason": extra_context.get("refusal_code", "protocol"),
                "email": str(extra_context.get("refusal_email", ""))[:254],
                "exception": repr(exception)[:300] if exception else "",
            },
            request=request,
        )
        security_log.warning(
            "Single sign-on refused: provider=%s error=%s reason=%s email=%s "
            "exception=%r ip=%s",
            getattr(getattr(provider, "app", None), "provider_id", None),
            error,
            extra_context.get("refusal_code", "protocol"),
            extra_context.get("refusal_email", ""),
            exception,
            request.META.get("REMOTE_ADDR"),
        )
        super().on_authentication_error(
            request,
            provider,
            error=error,
            exception=exception,
            extra_context=extra_context,
        )

    def _refuse(self, request, sociallogin, code: str):
        emails = [a.email for a in sociallogin.email_addresses]
        response = render_authentication_error(
            request,
            sociallogin.provider,
            error=AuthError.DENIED,
            extra_context={
                "refusal_code": code,
                "refusal": REFUSALS[code],
                "refusal_email": emails[0] if emails else "",
            },
        )
        raise ImmediateHttpResponse(response)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Je kunt tweestapsverificatie niet uitschakelen: wie het beheer kan "
            "openen, heeft die altijd nodig."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # The admin requires an authenticator app: staff cannot switch it off
        # themselves (a superuser can remove it in the admin, e.g. when a
        # phone is lost, after which the next admin visit asks to set it up).
        if authenticator.type == Authenticator.Type.TOTP and roles.can_open_admin(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
