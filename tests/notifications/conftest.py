"""The role users of the supervision tests, shared here: messages follow the supervision loop."""

from tests.supervision.conftest import commerce, leader, liaison, other_liaison, supervisor  # noqa: F401
