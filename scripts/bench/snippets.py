"""The Django code the benchmark runs through `manage.py shell`."""

# The backend a session made by hand names: the first that can load its user
# (the permission rules' backend cannot), as Django's test client chooses.
_BACKEND = """
from django.contrib.auth import load_backend
backend = next(
    path for path in settings.AUTHENTICATION_BACKENDS
    if hasattr(load_backend(path), "get_user")
)
"""

SESSION_CODE = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string
from accounts.models import User
BACKEND_LINES
for name in ("medewerker", "beleid"):
    user = User.objects.get(email=f"{name}@sterkhuis.test")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(name, session.session_key, _get_new_csrf_string())
"""

# Sessions of people who have not signed version 2 of social-media: each
# request of the signing wave signs as the next one.
SIGNERS_CODE = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import User
from policy.models import Guideline
BACKEND_LINES
version = Guideline.objects.get(slug="social-media").version_in_force()
for user in version.unsigned().filter(email__startswith="staff").order_by("pk")[:COUNT]:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(session.session_key)
"""

SESSION_CODE = SESSION_CODE.replace("BACKEND_LINES", _BACKEND)
SIGNERS_CODE = SIGNERS_CODE.replace("BACKEND_LINES", _BACKEND)


def signers_code(count: int) -> str:
    return SIGNERS_CODE.replace("COUNT", str(count))


# Queries per page, counted with Django's test client on the same data.
QUERIES_CODE = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.models import User
clients = {}
for name in ("medewerker", "beleid"):
    clients[name] = Client()
    clients[name].force_login(User.objects.get(email=f"{name}@sterkhuis.test"))
for path, name in %r:
    with CaptureQueriesContext(connection) as queries:
        response = clients[name].get(path)
    print(path, response.status_code, len(queries))
"""

SECOND_VERSION_CODE = """
from accounts.models import User
from policy.models import Guideline, GuidelineVersion
from policy.services import review_decide, review_request, version_publish
g = Guideline.objects.get(slug="social-media")
if not g.versions.filter(number=2).exists():
    v1 = g.versions.get(number=1)
    body = v1.body.replace("Vermeld nooit namen van cliënten.",
                           "Vermeld nooit namen of foto's van cliënten.")
    beleid = User.objects.get(email="beleid@sterkhuis.test")
    kim = User.objects.get(email="kwaliteit@sterkhuis.test")
    draft = GuidelineVersion.objects.create(guideline=g, body=body, created_by=beleid)
    review_decide(request=review_request(version=draft, user=beleid, reviewer=kim),
                  user=kim, decision="approve")
    version_publish(version=draft, user=beleid, change_summary="Foto's genoemd")
print("ok")
"""

# The signals the benchmark posted: removed between runs so every run reads
# the same data.
FORGET_SIGNALS_CODE = """
from reporting.models import Signal
Signal.objects.filter(title="Mooi artikel over pleegzorg").delete()
"""

COUNTS_CODE = """
from accounts.models import User
from policy.models import Guideline, Signature
print(User.objects.count(), Guideline.objects.count(), Signature.objects.count())
"""

# Right after a bulk load PostgreSQL has no statistics yet and plans the
# dashboard's aggregate as nested loops (about 4 times slower), and
# autovacuum is about to vacuum the million new rows while the pages are
# measured. A database in use has been vacuumed and analysed by autovacuum,
# so the benchmark does both once, before it measures.
ANALYZE_CODE = """
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("VACUUM (ANALYZE)")
    else:
        cursor.execute("ANALYZE")
"""

DATABASE_VERSION_CODE = """
from django.db import connection
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        print("PostgreSQL", cursor.fetchone()[0].split()[0])
else:
    import sqlite3
    print("SQLite", sqlite3.sqlite_version)
"""
