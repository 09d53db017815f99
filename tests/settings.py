"""The project's settings as the tests run them, in this process and in every server and
command they start (they inherit DJANGO_SETTINGS_MODULE): production's, with two differences.

Passwords are hashed with a fast algorithm. Production's PBKDF2 (1.5 million rounds, about half
a second of CPU per hash, on purpose) made hashing the test users' passwords and checking their
sign-ins two thirds of the admin tests' CPU time (measured in docs/benchmarks.md). Nothing the
tests check depends on the algorithm; `manage.py check --deploy` runs the real settings.
"""

from medborgarlofte.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# PostgreSQL: a commit returns before its WAL record reaches the disk. A crash could lose the
# last commits, of a database the tests throw away anyway; every transactional test's flush and
# reload, and every live or gunicorn server's write, otherwise waits for the disk.
_database = DATABASES["default"]  # noqa: F405
if _database["ENGINE"] == "django.db.backends.postgresql":
    _options = _database.setdefault("OPTIONS", {})
    _options["options"] = _options.get("options", "") + " -c synchronous_commit=off"
