"""Error codes of the inbox's mutations."""

from enum import StrEnum


class NotificationErrorCode(StrEnum):
    """The in-app inbox."""
