"""Stable error codes of the cross-level views."""

from enum import StrEnum


class OverviewErrorCode(StrEnum):
    INVALID_PERIOD = "INVALID_PERIOD"
    INVALID_MEASURE = "INVALID_MEASURE"
