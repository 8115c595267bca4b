"""Where the figures of this answer were read, and as of when (数据时效).

With a read replica (tenants.replica) the dashboard may show figures that
are a few seconds old; this field says so, for the page to show
"数据更新于 …（延迟约 N 秒）". Asked in the same operation as the figures, it
describes exactly the reads of that operation.
"""

from __future__ import annotations

import graphene

from tenants.replica import (
    ReadDecision,
    ReadSource,
    ReplicaFallback,
    read_decision_of,
    replica_configured,
)

ReadSourceEnum = graphene.Enum.from_enum(
    ReadSource,
    description="Where the figures were read (读取来源): primary or replica.",
)
ReplicaFallbackEnum = graphene.Enum.from_enum(
    ReplicaFallback,
    description="Why the replica was not read (未读只读副本的原因).",
)


class DataFreshnessType(graphene.ObjectType):
    """How current the figures of this answer are (数据时效)."""

    class Meta:
        name = "DataFreshness"

    source = graphene.Field(
        ReadSourceEnum,
        required=True,
        description="Where this operation's figures were read (读取来源).",
    )
    replica_configured = graphene.Boolean(
        required=True, description="Whether a read replica (只读副本) is set up."
    )
    fallback = graphene.Field(
        ReplicaFallbackEnum,
        description="Why the primary was read although a replica is set up; "
        "null when the replica was read or there is none.",
    )
    data_as_of = graphene.DateTime(
        required=True,
        description="When the figures were current (数据更新于): the replica's "
        "last replayed transaction when it lags, otherwise now.",
    )
    replica_lag_seconds = graphene.Int(
        description="How far the replica is behind (延迟秒数), when it was asked; "
        "null without a replica or when it could not be reached.",
    )

    @staticmethod
    def resolve_source(decision: ReadDecision, info):
        return decision.source

    @staticmethod
    def resolve_replica_configured(decision: ReadDecision, info):
        return replica_configured()

    @staticmethod
    def resolve_fallback(decision: ReadDecision, info):
        return decision.fallback

    @staticmethod
    def resolve_data_as_of(decision: ReadDecision, info):
        return decision.data_as_of

    @staticmethod
    def resolve_replica_lag_seconds(decision: ReadDecision, info):
        return decision.lag_seconds


class FreshnessQueries(graphene.ObjectType):
    data_freshness = graphene.Field(
        DataFreshnessType,
        required=True,
        description="Where the figures of this operation were read and as of "
        "when (数据时效): ask it beside the dashboard's figures.",
    )

    @staticmethod
    def resolve_data_freshness(root, info):
        return read_decision_of(info.context)
