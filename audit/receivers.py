"""Security events that Django and allauth announce with signals: logins,
logouts, passwords and second factors. Recording them is auditing, not a
domain rule, so it hangs on the signals those libraries send."""

from __future__ import annotations

from allauth.account import signals as account_signals
from django.contrib.auth import signals as auth_signals

from audit.models import Action
from audit.services import audit_record


def on_login(sender, request, user, **kwargs):
    audit_record(action=Action.LOGIN, actor=user, obj=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password; keep only the name tried.
    attempted = credentials.get("email") or credentials.get("username") or ""
    audit_record(
        action=Action.LOGIN_FAILED,
        details={"email": str(attempted)[:254]},
        request=request,
    )


def on_logout(sender, request, user, **kwargs):
    audit_record(action=Action.LOGOUT, actor=user, obj=user, request=request)


def _password_event(action: Action):
    def receiver(sender, request, user, **kwargs):
        audit_record(action=action, actor=user, obj=user, request=request)

    return receiver


on_password_changed = _password_event(Action.PASSWORD_CHANGED)
on_password_set = _password_event(Action.PASSWORD_SET)
on_password_reset = _password_event(Action.PASSWORD_RESET)


def connect_auth() -> None:
    auth_signals.user_logged_in.connect(on_login, dispatch_uid="audit-login")
    auth_signals.user_login_failed.connect(
        on_login_failed, dispatch_uid="audit-login-failed"
    )
    auth_signals.user_logged_out.connect(on_logout, dispatch_uid="audit-logout")
    account_signals.password_changed.connect(
        on_password_changed, dispatch_uid="audit-password-changed"
    )
    account_signals.password_set.connect(
        on_password_set, dispatch_uid="audit-password-set"
    )
    account_signals.password_reset.connect(
        on_password_reset, dispatch_uid="audit-password-reset"
    )


def _mfa_event(action: Action):
    def receiver(sender, request, user, authenticator, **kwargs):
        details = {"type": authenticator.type}
        if "reauthentication" in kwargs:
            details["reauthentication"] = bool(kwargs["reauthentication"])
        audit_record(
            action=action,
            actor=user,
            obj=authenticator,
            details=details,
            request=request,
        )

    return receiver


on_mfa_added = _mfa_event(Action.MFA_ADDED)
on_mfa_removed = _mfa_event(Action.MFA_REMOVED)
on_mfa_reset = _mfa_event(Action.MFA_RESET)
on_mfa_failed = _mfa_event(Action.MFA_FAILED)


def connect_mfa() -> None:
    from allauth.mfa import signals as mfa_signals

    mfa_signals.authenticator_added.connect(on_mfa_added, dispatch_uid="audit-mfa-add")
    mfa_signals.authenticator_removed.connect(
        on_mfa_removed, dispatch_uid="audit-mfa-remove"
    )
    mfa_signals.authenticator_reset.connect(
        on_mfa_reset, dispatch_uid="audit-mfa-reset"
    )
    mfa_signals.authentication_failed.connect(
        on_mfa_failed, dispatch_uid="audit-mfa-failed"
    )
