"""GraphQL enums of the reporting domain."""

from enum import Enum

import graphene

from supervision.reporting.models import (
    ReportAction,
    ReportKind,
    ReportSection,
    ReportStatus,
    SensitiveDate,
    Severity,
)


class SubmissionState(Enum):
    NOT_DUE = "not_due"
    MISSING = "missing"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"

    @property
    def label(self) -> str:
        return _SUBMISSION_LABELS[self]


_SUBMISSION_LABELS = {
    SubmissionState.NOT_DUE: "未到期",
    SubmissionState.MISSING: "逾期未报",
    SubmissionState.SUBMITTED: "已报送",
    SubmissionState.RETURNED: "已退回",
    SubmissionState.ACCEPTED: "已采纳",
}


ReportKindEnum = graphene.Enum.from_enum(
    ReportKind, description="Kind of report (报告类别)."
)
ReportStatusEnum = graphene.Enum.from_enum(
    ReportStatus, description="Status of a submitted report (报告状态)."
)
ReportActionEnum = graphene.Enum.from_enum(
    ReportAction, description="A transition of a report (报告操作)."
)
ReportSectionEnum = graphene.Enum.from_enum(
    ReportSection, description="Narrative section of a written report (报告正文部分)."
)
SeverityEnum = graphene.Enum.from_enum(
    Severity, description="Severity or urgency (风险等级/紧急程度)."
)
SensitiveDateEnum = graphene.Enum.from_enum(
    SensitiveDate, description="Sensitive date (敏感节点) near which a risk may flare."
)
SubmissionStateEnum = graphene.Enum.from_enum(
    SubmissionState,
    description=(
        "Where a unit stands on a requirement (报送状态): not yet due, missing "
        "(overdue, 逾期未报), submitted, returned or accepted."
    ),
)
