"""Error codes of the cross-level operations (one enum per operation)."""

from __future__ import annotations

from enum import StrEnum


class CaseSendErrorCode(StrEnum):
    """Transfer (转办), assign (交办) and escalation (上报)."""

    CASE_CLOSED = "CASE_CLOSED"
    INVALID_TARGET = "INVALID_TARGET"
    SKIPS_LEVEL = "SKIPS_LEVEL"
    RECUSAL_MAIN_LEADER = "RECUSAL_MAIN_LEADER"
    CONFIDENTIAL_ACCUSED_UNIT = "CONFIDENTIAL_ACCUSED_UNIT"
    INVALID_DUE_DATE = "INVALID_DUE_DATE"
    TARGET_DEACTIVATED = "TARGET_DEACTIVATED"
    # The accused's unit was recorded as unknown and no leader decided that
    # the case may go to this unit below.
    ACCUSED_UNIT_UNKNOWN = "ACCUSED_UNIT_UNKNOWN"
    # A 复查/复核 case is decided by the unit the law names; it may only
    # assign (交办) an inquiry down, never hand the case itself on.
    REVIEW_CASE = "REVIEW_CASE"


class SendDownApproveErrorCode(StrEnum):
    """A leader's decision to send a case whose accused's unit is unknown down."""

    INVALID_TARGET = "INVALID_TARGET"
    TARGET_DEACTIVATED = "TARGET_DEACTIVATED"
    REASON_REQUIRED = "REASON_REQUIRED"
    NOT_NEEDED = "NOT_NEEDED"
    CASE_CLOSED = "CASE_CLOSED"


class ObjectionErrorCode(StrEnum):
    """Remit objections (管辖异议)."""

    WINDOW_CLOSED = "WINDOW_CLOSED"
    LINK_CLOSED = "LINK_CLOSED"
    NOT_PENDING = "NOT_PENDING"
    # An objection states why; rejecting one states why it stands.
    REASON_REQUIRED = "REASON_REQUIRED"


class ResultReportErrorCode(StrEnum):
    """Result reports (报结)."""

    NOT_ASSIGNMENT = "NOT_ASSIGNMENT"
    CASE_STILL_OPEN = "CASE_STILL_OPEN"
    LINK_CLOSED = "LINK_CLOSED"
    NOT_PENDING = "NOT_PENDING"
    REASON_REQUIRED = "REASON_REQUIRED"
    # Only the assignee's own uploaded files of the assigned case go up.
    INVALID_ATTACHMENT = "INVALID_ATTACHMENT"


class SupervisionOrderErrorCode(StrEnum):
    """Supervision orders (督办单) and their replies."""

    INVALID_TARGET = "INVALID_TARGET"
    INVALID_DUE_DATE = "INVALID_DUE_DATE"
    ORDER_ANSWERED = "ORDER_ANSWERED"
    CONTENT_REQUIRED = "CONTENT_REQUIRED"
    TOPIC_REQUIRED = "TOPIC_REQUIRED"
    REQUIREMENT_REQUIRED = "REQUIREMENT_REQUIRED"
    # A reply's file that is not one of the supervised case's, a case file
    # chosen on a topic order, or a new file sent on a case order (whose files
    # are uploaded to the case).
    INVALID_ATTACHMENT = "INVALID_ATTACHMENT"
    # A topic order's reply files: the staff upload's limits.
    TOO_MANY_FILES = "TOO_MANY_FILES"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"
    EMPTY_FILE = "EMPTY_FILE"
    # The guard on material moving down (supervision.crosslevel.services.links).
    RECUSAL_MAIN_LEADER = "RECUSAL_MAIN_LEADER"
    CONFIDENTIAL_ACCUSED_UNIT = "CONFIDENTIAL_ACCUSED_UNIT"
    ACCUSED_UNIT_UNKNOWN = "ACCUSED_UNIT_UNKNOWN"


class SupervisionOrderUrgeErrorCode(StrEnum):
    """A manual urge (催办) of a supervision order by its issuer or above."""

    ORDER_ANSWERED = "ORDER_ANSWERED"
    URGED_TODAY = "URGED_TODAY"
    NOT_DUE_SOON = "NOT_DUE_SOON"


class CaseSubjectErrorCode(StrEnum):
    """Accused cadres recorded for routing and recusal."""

    INVALID_UNIT = "INVALID_UNIT"


class RepeatMatchErrorCode(StrEnum):
    """Merging (并案) or dismissing a repeat match."""

    CROSS_UNIT_MERGE = "CROSS_UNIT_MERGE"
    ALREADY_DECIDED = "ALREADY_DECIDED"
    CASE_CLOSED = "CASE_CLOSED"
    EARLIER_CASE_CLOSED = "EARLIER_CASE_CLOSED"
    CASE_IN_FLOW = "CASE_IN_FLOW"
    # The earlier case is being handled below: the later one would follow it.
    RECUSAL_MAIN_LEADER = "RECUSAL_MAIN_LEADER"
    CONFIDENTIAL_ACCUSED_UNIT = "CONFIDENTIAL_ACCUSED_UNIT"
    ACCUSED_UNIT_UNKNOWN = "ACCUSED_UNIT_UNKNOWN"


class OnlinePetitionSubmitErrorCode(StrEnum):
    """The public's online petition (网上信访)."""

    UNIT_REQUIRED = "UNIT_REQUIRED"
    REQUIRED = "REQUIRED"
    INVALID_CHOICE = "INVALID_CHOICE"
    INVALID_CITIZEN_ID = "INVALID_CITIZEN_ID"
    INVALID_PHONE = "INVALID_PHONE"
    TOO_LONG = "TOO_LONG"
    INVALID_ACCUSED_UNIT = "INVALID_ACCUSED_UNIT"
    ACCUSED_UNIT_REQUIRED = "ACCUSED_UNIT_REQUIRED"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
    CHALLENGE_FAILED = "CHALLENGE_FAILED"
    TOO_MANY_FILES = "TOO_MANY_FILES"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"
    EMPTY_FILE = "EMPTY_FILE"


class OnlinePetitionProgressErrorCode(StrEnum):
    """The public's progress query (阳光信访)."""

    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"


class OnlinePetitionRateErrorCode(StrEnum):
    """The petitioner's satisfaction rating online (网上评价)."""

    NOT_FOUND = "NOT_FOUND"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
    INVALID_CHOICE = "INVALID_CHOICE"
    NOT_CONCLUDED = "NOT_CONCLUDED"
    ALREADY_RATED = "ALREADY_RATED"


class OnlinePetitionReviewRequestErrorCode(StrEnum):
    """The petitioner's 复查 (or 复核) request online."""

    NOT_FOUND = "NOT_FOUND"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
    NOT_APPEAL = "NOT_APPEAL"
    FINAL = "FINAL"
    REVIEWED_UPSTREAM = "REVIEWED_UPSTREAM"
    INVALID_STATE = "INVALID_STATE"
    FEEDBACK_REQUIRED = "FEEDBACK_REQUIRED"
    WINDOW_CLOSED = "WINDOW_CLOSED"
    NO_HIGHER_UNIT = "NO_HIGHER_UNIT"
    ALREADY_REQUESTED = "ALREADY_REQUESTED"
    REASON_REQUIRED = "REASON_REQUIRED"
