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
