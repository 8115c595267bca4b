"""GraphQL enums of cross-level flows."""

import graphene
from django.db import models

from supervision.crosslevel.models import (
    CrossLevelAction,
    LinkKind,
    LinkState,
    MatchBasis,
    MatchKind,
    MatchState,
    ObjectionState,
    OrderAction,
    OrderState,
    RefusalKind,
    ReplyKind,
    ReportFinding,
    ReportState,
    SupervisionMethod,
)
from supervision.crosslevel.selectors import LinkAction, OrderViewerAction

OrderViewerActionEnum = graphene.Enum.from_enum(
    OrderViewerAction,
    name="SupervisionOrderAction",
    description="What the viewer's unit may do on a supervision order now "
    "(可办理的操作): reply (回复) or urge (催办).",
)
LinkKindEnum = graphene.Enum.from_enum(
    LinkKind,
    description=(
        "How a case was sent (流转方式): transfer, assign, escalate, or a "
        "复查/复核 request to the unit above."
    ),
)
RefusalKindEnum = graphene.Enum.from_enum(
    RefusalKind,
    description="A refusal (拒绝) or a leader's decision that allows a send "
    "(领导决定准予).",
)
LinkActionEnum = graphene.Enum.from_enum(
    LinkAction,
    name="CaseLinkAction",
    description="What the viewer's unit may do on a link now (可办理的操作).",
)
LinkStateEnum = graphene.Enum.from_enum(
    LinkState, description="State of a link (状态)."
)
CrossLevelActionEnum = graphene.Enum.from_enum(
    CrossLevelAction, description="A step in a link's history (流转记录)."
)
ReportStateEnum = graphene.Enum.from_enum(
    ReportState, description="State of a result report (报结状态)."
)
ReportFindingEnum = graphene.Enum.from_enum(
    ReportFinding, description="Finding of a result report (核查结论)."
)
ObjectionStateEnum = graphene.Enum.from_enum(
    ObjectionState, description="State of a remit objection (异议状态)."
)
SupervisionMethodEnum = graphene.Enum.from_enum(
    SupervisionMethod, description="Method of supervision (督办方式)."
)
OrderStateEnum = graphene.Enum.from_enum(
    OrderState, description="State of a supervision order (督办状态)."
)
OrderActionEnum = graphene.Enum.from_enum(
    OrderAction, description="A step in a supervision order's history (督办记录)."
)
ReplyKindEnum = graphene.Enum.from_enum(
    ReplyKind, description="Kind of reply to a supervision order (回复类别)."
)
MatchKindEnum = graphene.Enum.from_enum(
    MatchKind, description="Repeat (重复), skip-level (越级) or multi-send (一信多投)."
)
MatchBasisEnum = graphene.Enum.from_enum(
    MatchBasis, description="What matched (依据): the person, the content, or both."
)


class LinkDirection(graphene.Enum):
    """Which side of a link the viewer's unit is on."""

    SENT = "sent"
    RECEIVED = "received"

    @property
    def label(self) -> str:
        return {"sent": "发出", "received": "收到"}[self.value]


class OrderDirection(graphene.Enum):
    """Which side of a supervision order the viewer's unit is on."""

    ISSUED = "issued"
    RECEIVED = "received"
    SUBTREE = "subtree"

    @property
    def label(self) -> str:
        return {"issued": "签发", "received": "收到", "subtree": "下级签发"}[self.value]


MatchStateEnum = graphene.Enum.from_enum(
    MatchState,
    description="What the unit decided on a repeat match: open, merged (并案), "
    "dismissed (非重复).",
)


class SendKindChoices(models.TextChoices):
    """How a case is sent from the case page (流转方式)."""

    TRANSFER = "transfer", "转办"
    ASSIGN = "assign", "交办"
    ESCALATE = "escalate", "上报"


SendKind = graphene.Enum.from_enum(
    SendKindChoices,
    name="SendKind",
    description="How a case is sent from the case page (流转方式): 转办, 交办 or 上报.",
)
