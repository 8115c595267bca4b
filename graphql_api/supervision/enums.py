"""GraphQL enums of petitions, built from supervision.choices."""

import graphene

from supervision import choices
from supervision.rules.clocks import ClockCode, ClockState
from supervision.selectors import PetitionAction, PetitionOrder, Queue
from supervision.services.duplicates import RepeatKind
from supervision.services.notices import NoticeKind


def _enum(choices, description: str):
    return graphene.Enum.from_enum(choices, description=description)


ChannelEnum = _enum(choices.Channel, "How a petition arrived (来源渠道).")
LegalTypeEnum = _enum(
    choices.LegalType, "Legal type (信访类型): 建议意见, 检举控告, 申诉求决."
)
TopicEnum = _enum(choices.Topic, "Topic (问题类别).")
OriginEnum = _enum(choices.Origin, "How the matter reached this unit (来源方式).")
PetitionStatusEnum = _enum(choices.Status, "Status of a petition (办理状态).")
RepeatKindEnum = _enum(
    RepeatKind,
    "What an earlier case is to a new letter (重复件 / 重复信访 / 终结事项).",
)
StageEnum = _enum(choices.Stage, "Stage (阶段): handling, 复查 or 复核.")
DeclineGroundEnum = _enum(
    choices.DeclineGround, "Statutory ground to decline (不予受理理由)."
)
ReferTargetEnum = _enum(
    choices.ReferTarget, "Where the petitioner is told to go (告知类别)."
)
FindingEnum = _enum(choices.Finding, "Finding of an investigation (核查结论).")
AppealDecisionEnum = _enum(
    choices.AppealDecision, "Decision of a 处理意见书: 支持, 解释说明, 不予支持."
)
ReviewDecisionEnum = _enum(
    choices.ReviewDecision,
    "Decision of a 复查/复核意见书 on the answer below: 维持, 变更, 撤销.",
)
SatisfactionEnum = _enum(
    choices.Satisfaction, "Satisfaction at the return visit (满意度)."
)
ExtensionStatusEnum = _enum(choices.ExtensionStatus, "Extension request state (延期).")
PoliticalStatusEnum = _enum(choices.PoliticalStatus, "Political status (政治面貌).")
PetitionerRoleEnum = _enum(
    choices.PetitionerRole, "Role of a petitioner (信访人/联名人/代表)."
)
EventActionEnum = _enum(choices.EventAction, "An action on the timeline (操作).")
HandlingRecordKindEnum = _enum(choices.HandlingRecordKind, "Kind of handling step.")
ClockCodeEnum = _enum(ClockCode, "A statutory clock (办理时限).")
ClockStateEnum = _enum(
    ClockState, "State of a clock: running, warning (预警) or overdue (超期)."
)
QueueEnum = _enum(Queue, "A work queue (待办).")
PetitionOrderEnum = _enum(
    PetitionOrder, "Order of the petition list: newest received first, or by due date."
)
NoticeKindEnum = _enum(NoticeKind, "A printable notice (告知书/处理意见书).")
PetitionActionEnum = _enum(PetitionAction, "An action on a case (办理操作).")
