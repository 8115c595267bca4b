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
from graphql_api.crosslevel.mutations.reviews import ReviewDecide, ReviewRequest
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
    review_request = ReviewRequest.Field()
    review_decide = ReviewDecide.Field()
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
    online_petition_submit = OnlinePetitionSubmit.Field()
    online_petition_rate = OnlinePetitionRate.Field()
    online_petition_review_request = OnlinePetitionReviewRequest.Field()


__all__ = ("CrosslevelMutations", "CrosslevelQueries")
