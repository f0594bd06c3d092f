"""Single sign-on with Microsoft Entra ID, on allauth's OpenID Connect provider.

`provider.EntraProvider` replaces allauth's generic provider class (through
``SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]``) to add what
the generic one leaves out: a nonce, a signature check on every ID token, and
Entra's way of saying that an e-mail address is verified.
"""
