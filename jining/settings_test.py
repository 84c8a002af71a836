"""Test settings: the project's settings on a developer's footing, made faster.

DEBUG defaults to true here (the development key is allowed; CI sets SECRET_KEY as well);
pytest-django still runs the tests themselves with DEBUG off. Passwords hash with MD5,
which is fine for throwaway test users and makes logins in tests fast.
"""

import os

os.environ.setdefault("DEBUG", "true")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
