from tests.accounts.conftest import auditor, fast_hasher, liaison, security, supervisor, sysadmin  # noqa: F401
