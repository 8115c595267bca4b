"""The cross-level part of the GraphQL schema: flows between units."""

import graphene

from graphql_api.crosslevel.mutations.links import (
    CaseSubjectRecord,
    PetitionAssign,
    PetitionEscalate,
    PetitionSendDownApprove,
    PetitionTransfer,
)
from graphql_api.crosslevel.mutations.orders import (
    SupervisionOrderIssue,
    SupervisionOrderReply,
    UrgeSupervisionOrder,
)
from graphql_api.crosslevel.mutations.repeats import (
    NotificationMarkRead,
    PetitionRepeatScan,
    RepeatMatchDismiss,
    RepeatMatchMerge,
)
from graphql_api.crosslevel.mutations.reports import (
    RemitObjectionDecide,
    RemitObjectionRaise,
    ResultReportDecide,
    ResultReportSubmit,
)
from graphql_api.crosslevel.online import (
    OnlinePetitionRate,
    OnlinePetitionReviewRequest,
    OnlinePetitionSubmit,
    OnlineQueries,
)
from graphql_api.crosslevel.queries import CrosslevelQueries as _CrosslevelQueries


class CrosslevelQueries(_CrosslevelQueries, OnlineQueries):
    """Cross-level queries and the public's progress query (阳光信访)."""


class CrosslevelMutations(graphene.ObjectType):
    petition_transfer = PetitionTransfer.Field()
    petition_assign = PetitionAssign.Field()
    petition_escalate = PetitionEscalate.Field()
    case_subject_record = CaseSubjectRecord.Field()
    petition_send_down_approve = PetitionSendDownApprove.Field()
    remit_objection_raise = RemitObjectionRaise.Field()
    remit_objection_decide = RemitObjectionDecide.Field()
    result_report_submit = ResultReportSubmit.Field()
    result_report_decide = ResultReportDecide.Field()
    supervision_order_issue = SupervisionOrderIssue.Field()
    supervision_order_reply = SupervisionOrderReply.Field()
    urge_supervision_order = UrgeSupervisionOrder.Field()
    petition_repeat_scan = PetitionRepeatScan.Field()
    repeat_match_merge = RepeatMatchMerge.Field()
    repeat_match_dismiss = RepeatMatchDismiss.Field()
    notification_mark_read = NotificationMarkRead.Field()
    online_petition_submit = OnlinePetitionSubmit.Field()
    online_petition_rate = OnlinePetitionRate.Field()
    online_petition_review_request = OnlinePetitionReviewRequest.Field()


__all__ = ("CrosslevelMutations", "CrosslevelQueries")
