"""The project's settings as the tests run them, in this process and in every server and
command they start (they inherit DJANGO_SETTINGS_MODULE): production's, with one difference.

Passwords are hashed with a fast algorithm. Production's PBKDF2 (1.5 million rounds, about half
a second of CPU per hash, on purpose) made hashing the test users' passwords and checking their
sign-ins two thirds of the admin tests' CPU time (measured in docs/benchmarks.md). Nothing the
tests check depends on the algorithm; `manage.py check --deploy` runs the real settings.
"""

from medborgarlofte.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
