"""Stable error codes of the petition operations, one enum per operation group.

Every code is raised as `core.errors.DomainError(code, 中文说明, field=...)`.
"""

from __future__ import annotations

from enum import StrEnum


class PetitionRegisterErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID_CHOICE = "INVALID_CHOICE"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    INVALID_CITIZEN_ID = "INVALID_CITIZEN_ID"
    INVALID_PHONE = "INVALID_PHONE"
    TOO_MANY_REPRESENTATIVES = "TOO_MANY_REPRESENTATIVES"
    INVALID_HEADCOUNT = "INVALID_HEADCOUNT"
    JOINT_NEEDS_COSIGNERS = "JOINT_NEEDS_COSIGNERS"
    INVALID_ACCUSED_UNIT = "INVALID_ACCUSED_UNIT"
    # An accusation's accused needs a unit of the tree or an explicit
    # "unknown" (所在单位不详): confidentiality depends on it.
    ACCUSED_UNIT_REQUIRED = "ACCUSED_UNIT_REQUIRED"


class PetitionStateErrorCode(StrEnum):
    """A status change off the petition's state machine (petition_change)."""

    INVALID_STATE = "INVALID_STATE"


class PetitionDecideErrorCode(StrEnum):
    INVALID_STATE = "INVALID_STATE"
    RECUSED = "RECUSED"
    REQUIRED = "REQUIRED"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    DATE_BEFORE_RECEIPT = "DATE_BEFORE_RECEIPT"
    REFERRAL_NOT_APPLICABLE = "REFERRAL_NOT_APPLICABLE"
    # The same matter was finally decided by 复核: decline it on that ground.
    ALREADY_FINAL = "ALREADY_FINAL"


class PetitionRouteErrorCode(StrEnum):
    INVALID_STATE = "INVALID_STATE"
    RECUSED = "RECUSED"
    INVALID_DEPARTMENT = "INVALID_DEPARTMENT"
    INVALID_HANDLER = "INVALID_HANDLER"
    HANDLER_RECUSED = "HANDLER_RECUSED"


class PetitionLeaderErrorCode(StrEnum):
    INVALID_STATE = "INVALID_STATE"
    RECUSED = "RECUSED"
    REQUIRED = "REQUIRED"
    INVALID_LEADER = "INVALID_LEADER"
    ALREADY_RECUSED = "ALREADY_RECUSED"
    INVALID_USER = "INVALID_USER"


class PetitionHandleErrorCode(StrEnum):
    INVALID_STATE = "INVALID_STATE"
    RECUSED = "RECUSED"
    NOT_HANDLER = "NOT_HANDLER"
    REQUIRED = "REQUIRED"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    FINDING_REQUIRED = "FINDING_REQUIRED"
    OPINION_INCOMPLETE = "OPINION_INCOMPLETE"
    NO_RESULT = "NO_RESULT"


class ExtensionErrorCode(StrEnum):
    INVALID_STATE = "INVALID_STATE"
    RECUSED = "RECUSED"
    NOT_HANDLER = "NOT_HANDLER"
    REQUIRED = "REQUIRED"
    ALREADY_EXTENDED = "ALREADY_EXTENDED"
    TOO_LONG = "TOO_LONG"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"


class ClosureErrorCode(StrEnum):
    INVALID_STATE = "INVALID_STATE"
    RECUSED = "RECUSED"
    REQUIRED = "REQUIRED"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    DATE_BEFORE_CLOSURE = "DATE_BEFORE_CLOSURE"
    FEEDBACK_REQUIRED = "FEEDBACK_REQUIRED"


class ReviewErrorCode(StrEnum):
    INVALID_STATE = "INVALID_STATE"
    NOT_APPEAL = "NOT_APPEAL"
    FINAL = "FINAL"
    FEEDBACK_REQUIRED = "FEEDBACK_REQUIRED"
    WINDOW_CLOSED = "WINDOW_CLOSED"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    # Already under 复查/复核 at a unit above: a 复核 is asked of the 复查 unit.
    REVIEWED_UPSTREAM = "REVIEWED_UPSTREAM"
    # No organization department above in this system (the answer was the
    # province's, or the 复查 was): the petitioner applies to 中央组织部.
    NO_HIGHER_UNIT = "NO_HIGHER_UNIT"


class ReviewDecideErrorCode(StrEnum):
    """The upper unit's 复查/复核意见书."""

    NOT_REVIEW_CASE = "NOT_REVIEW_CASE"
    INVALID_STATE = "INVALID_STATE"
    RECUSED = "RECUSED"
    OPINION_INCOMPLETE = "OPINION_INCOMPLETE"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    DATE_BEFORE_REQUEST = "DATE_BEFORE_REQUEST"


class AttachmentErrorCode(StrEnum):
    RECUSED = "RECUSED"
    EMPTY_FILE = "EMPTY_FILE"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"


class ReceptionDayErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID_LEADER = "INVALID_LEADER"


class NoticeErrorCode(StrEnum):
    NOTICE_NOT_AVAILABLE = "NOTICE_NOT_AVAILABLE"
    AGENCY_CODE_MISSING = "AGENCY_CODE_MISSING"


class KeyRotationErrorCode(StrEnum):
    """Re-encrypting identities under a new field encryption key."""

    UNREADABLE_TOKEN = "UNREADABLE_TOKEN"
