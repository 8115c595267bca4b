"""GraphQL types of the cross-level views (汇总): figures, drill-downs, case facts."""

from __future__ import annotations

from enum import StrEnum

import graphene
from django.utils import timezone
from graphene_django import DjangoObjectType

from graphql_api.core.types import limit_checked, provisional_flag
from graphql_api.crosslevel.enums import LinkKindEnum, LinkStateEnum
from graphql_api.tenants.enums import UnitLevelEnum
from graphql_api.tenants.types import UnitType
from supervision.crosslevel.models import CaseLink
from supervision.facts import selectors
from supervision.facts.measures import MEASURES, RATES
from supervision.facts.models import CaseFact, RollupDimension
from supervision.facts.selectors import Overview

# The longest top list (热点问题, 被反映较多的单位) one request may ask for.
MAX_TOP_LIST = 100


def _count_field(measure):
    return graphene.Int(
        required=True,
        description=f"{measure.description} ({measure.label}).",
        # Resolved from a supervision.facts.selectors.OverviewFigures.
        resolver=lambda figures, info: figures.counts[measure.key],
    )


def _rate_field(rate):
    return graphene.Float(
        description=f"{rate.label}: {rate.numerator} / {rate.denominator}; "
        "null when the denominator is 0.",
        resolver=lambda figures, info: figures.rate(rate.overview_field),
    )


# Every field comes from the one table of measures and rates
# (supervision.facts.measures), like the report statistics.
OverviewFigures = type(
    "OverviewFigures",
    (graphene.ObjectType,),
    {
        "__doc__": "Counts of the cases received in a period, as they stood at its "
        "end, and the rates built from them (统计数据).",
        **{m.key: _count_field(m) for m in MEASURES},
        **{r.overview_field: _rate_field(r) for r in RATES},
    },
)

# The Chinese name of each count and rate, for the enum labels (enumLabels),
# from the one table of measures and rates.
MEASURE_LABELS = {
    **{measure.key: measure.label for measure in MEASURES},
    **{rate.overview_field: rate.label for rate in RATES},
}


class _LabelledMeasure(StrEnum):
    @property
    def label(self) -> str:
        return MEASURE_LABELS[self.value]


OverviewMeasure = _LabelledMeasure(
    "OverviewMeasure",
    {name.upper(): name for name in MEASURE_LABELS},
)
OverviewMeasureEnum = graphene.Enum.from_enum(
    OverviewMeasure, description="A count or rate to rank units by (排名指标)."
)
DimensionEnum = graphene.Enum.from_enum(
    RollupDimension, description="A dimension to split figures by (统计维度)."
)


class UnitFiguresType(graphene.ObjectType):
    """One subordinate unit's figures, its whole subtree included (下级单位)."""

    class Meta:
        name = "UnitFigures"

    unit = graphene.Field(UnitType, required=True)
    figures = graphene.Field(OverviewFigures, required=True)


class RankedUnitFiguresType(graphene.ObjectType):
    """A subordinate unit's place in a ranking (排名)."""

    class Meta:
        name = "RankedUnitFigures"

    rank = graphene.Int(required=True)
    unit = graphene.Field(UnitType, required=True)
    figures = graphene.Field(OverviewFigures, required=True)
    value = graphene.Float(description="The value ranked by; null without cases.")


class MonthFiguresType(graphene.ObjectType):
    """Figures of one month (月度趋势)."""

    class Meta:
        name = "MonthFigures"

    month = graphene.String(required=True, description="YYYY-MM")
    figures = graphene.Field(OverviewFigures, required=True)

    @staticmethod
    def resolve_month(entry, info):
        return entry.month.strftime("%Y-%m")


class ValueFiguresType(graphene.ObjectType):
    """Figures of one value of a dimension: a channel, type, topic or unit name."""

    class Meta:
        name = "ValueFigures"

    value = graphene.String(
        required=True,
        description="The value as stored (取值), e.g. letter or a unit name.",
    )
    label = graphene.String(
        required=True,
        description="The value in Chinese (中文名称): the channel's, type's or "
        "topic's label, or the unit's name.",
    )
    figures = graphene.Field(OverviewFigures, required=True)


class OpenCountsType(graphene.ObjectType):
    """Open cases now (在办), and how many are overdue (超期) or due soon (临期)."""

    class Meta:
        name = "OpenCounts"

    open = graphene.Int(required=True)
    overdue = graphene.Int(required=True)
    due_soon = graphene.Int(required=True)


class SupervisionOrderCountsType(graphene.ObjectType):
    """Supervision orders (督办单) issued in the period by the viewed units."""

    class Meta:
        name = "SupervisionOrderCounts"

    issued = graphene.Int(required=True, description="Issued (签发).")
    open = graphene.Int(required=True, description="Still open (督办中).")
    answered = graphene.Int(required=True, description="Answered (已回复办结).")
    overdue = graphene.Int(
        required=True, description="Open past the reply date (逾期未回复)."
    )


class UnitOpenCountsType(graphene.ObjectType):
    """A direct subordinate unit's open, overdue and due-soon cases now, its
    whole subtree included (下级单位在办、超期、临期)."""

    class Meta:
        name = "UnitOpenCounts"

    unit = graphene.Field(UnitType, required=True)
    open_counts = graphene.Field(OpenCountsType, required=True)

    @staticmethod
    def resolve_unit(entry, info):
        return entry[0]

    @staticmethod
    def resolve_open_counts(entry, info):
        return entry[1]


class OverviewType(graphene.ObjectType):
    """Cross-level view (汇总) of one unit over a period: its subtree if the
    viewer may see subordinate units' figures, else the unit alone."""

    class Meta:
        name = "Overview"

    unit = graphene.Field(UnitType, required=True)
    includes_subordinates = graphene.Boolean(
        required=True, description="Whether figures include subordinate units (含下级)."
    )
    from_month = graphene.String(required=True)
    to_month = graphene.String(required=True)
    totals = graphene.Field(OverviewFigures, required=True, description="合计.")
    own_unit = graphene.Field(
        OverviewFigures, required=True, description="The unit's own cases (本级)."
    )
    children = graphene.List(
        graphene.NonNull(UnitFiguresType),
        required=True,
        description="Drill-down by direct subordinate unit (下级单位).",
    )
    ranking = graphene.List(
        graphene.NonNull(RankedUnitFiguresType),
        required=True,
        by=OverviewMeasureEnum(required=True),
        descending=graphene.Boolean(default_value=True),
        description="Direct subordinate units ranked by a count or rate (排名).",
    )
    trend = graphene.List(
        graphene.NonNull(MonthFiguresType),
        required=True,
        description="Monthly trend (月度趋势).",
    )
    split = graphene.List(
        graphene.NonNull(ValueFiguresType),
        required=True,
        by=DimensionEnum(required=True),
        limit=graphene.Int(),
        description="Figures by channel, type, topic or accused unit, most first.",
    )
    hot_topics = graphene.List(
        graphene.NonNull(ValueFiguresType),
        required=True,
        limit=graphene.Int(default_value=10),
        description="Most frequent topics (热点问题).",
    )
    accused_units = graphene.List(
        graphene.NonNull(ValueFiguresType),
        required=True,
        limit=graphene.Int(default_value=10),
        description="Units most complained about (被反映较多的单位).",
    )
    open_counts = graphene.Field(
        OpenCountsType,
        required=True,
        due_soon_days=graphene.Int(default_value=selectors.DEFAULT_DUE_SOON_DAYS),
        description="Open, overdue and due-soon cases now (在办、超期、临期).",
    )
    children_open_counts = graphene.List(
        graphene.NonNull(UnitOpenCountsType),
        required=True,
        due_soon_days=graphene.Int(default_value=selectors.DEFAULT_DUE_SOON_DAYS),
        description="Open, overdue and due-soon cases now of each direct "
        "subordinate unit (下级单位在办、超期、临期), in the order of children.",
    )
    supervision_orders = graphene.Field(
        SupervisionOrderCountsType,
        required=True,
        description="Supervision orders (督办单) issued in the period by the unit "
        "(and its subordinate units, if included), and their state.",
    )
    # Reports owed and received (报告) are served by the reporting domain's
    # queries (reportObligations, reportDelinquencies); they can join here.

    @staticmethod
    def resolve_unit(overview: Overview, info):
        return overview.scope.unit

    @staticmethod
    def resolve_includes_subordinates(overview: Overview, info):
        return overview.scope.includes_descendants

    @staticmethod
    def resolve_from_month(overview: Overview, info):
        return overview.period.first_month.strftime("%Y-%m")

    @staticmethod
    def resolve_to_month(overview: Overview, info):
        return overview.period.last_month.strftime("%Y-%m")

    @staticmethod
    def resolve_ranking(overview: Overview, info, by, descending=True):
        return overview.ranking(by.value, descending=descending)

    @staticmethod
    def resolve_split(overview: Overview, info, by, limit=None):
        return overview.split(by.value, limit=limit)

    @staticmethod
    def resolve_hot_topics(overview: Overview, info, limit=10):
        limit = limit_checked(limit, maximum=MAX_TOP_LIST, default=10)
        return overview.split(RollupDimension.TOPIC, limit=limit)

    @staticmethod
    def resolve_accused_units(overview: Overview, info, limit=10):
        limit = limit_checked(limit, maximum=MAX_TOP_LIST, default=10)
        return overview.split(RollupDimension.ACCUSED_UNIT, limit=limit)

    @staticmethod
    def resolve_supervision_orders(overview: Overview, info):
        return overview.supervision_orders(today=timezone.localdate())

    @staticmethod
    def resolve_children_open_counts(overview: Overview, info, due_soon_days):
        return overview.children_open_counts(
            today=timezone.localdate(), due_soon_days=max(0, min(due_soon_days, 366))
        )

    @staticmethod
    def resolve_open_counts(overview: Overview, info, due_soon_days):
        return overview.open_counts(
            today=timezone.localdate(), due_soon_days=max(0, min(due_soon_days, 366))
        )


class CaseFactType(DjangoObjectType):
    """The non-personal facts of one case (案件事实) held by a unit of the subtree."""

    unit = graphene.Field(UnitType, required=True, description="承办单位.")
    unit_level = graphene.Field(UnitLevelEnum, required=True, description="层级.")
    days_overdue = graphene.Int(
        description="Days past the current deadline (超期天数); 0 or less when not overdue."
    )
    days_remaining = graphene.Int(
        description="Days until the current deadline (剩余天数); negative when overdue."
    )
    due_on_is_provisional = provisional_flag(
        "due_on", "The current deadline (当前期限)"
    )

    class Meta:
        model = CaseFact
        name = "CaseFact"
        fields = (
            "petition_id",
            "tracking_number",
            "channel",
            "legal_type",
            "topic",
            "status",
            "origin",
            "handling_mode",
            "received_on",
            "accepted_on",
            "due_on",
            "due_clock",
            "is_repeat",
            "is_skip_level",
            "is_collective",
            "is_supervised",
            "transfer_count",
            "return_count",
        )
        description = "The non-personal facts of one case (案件事实)."

    @staticmethod
    def resolve_unit_level(fact: CaseFact, info):
        return fact.unit_level

    @staticmethod
    def resolve_days_remaining(fact: CaseFact, info):
        if fact.due_on is None:
            return None
        return (fact.due_on - timezone.localdate()).days

    @staticmethod
    def resolve_days_overdue(fact: CaseFact, info):
        if fact.due_on is None:
            return None
        return (timezone.localdate() - fact.due_on).days


class CaseChainStepType(DjangoObjectType):
    """One step of a case's chain (流转环节): who sent it to whom, how and when;
    no personal data."""

    kind = graphene.Field(LinkKindEnum, required=True, description="流转方式.")
    state = graphene.Field(LinkStateEnum, required=True, description="状态.")
    source_unit = graphene.Field(UnitType, required=True, description="来源单位.")
    target_unit = graphene.Field(UnitType, required=True, description="承办单位.")

    class Meta:
        model = CaseLink
        name = "CaseChainStep"
        fields = ("id", "sent_on", "due_on", "closed_on", "return_count")
        description = "One step of a case's chain (流转环节), without personal data."


class CrossLevelCaseType(graphene.ObjectType):
    """A case of the subtree seen from above (跨层级案件视图): its facts and
    its chain of transfers, assignments and escalations, no personal data."""

    class Meta:
        name = "CrossLevelCase"

    fact = graphene.Field(CaseFactType, required=True, description="案件事实.")
    chain = graphene.List(
        graphene.NonNull(CaseChainStepType),
        required=True,
        description="The chain (流转链), earliest step first.",
    )
