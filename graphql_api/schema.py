"""The one GraphQL schema, combined from each domain's queries and mutations."""

import graphene

from graphql_api.core.labels import LabelQueries
from graphql_api.core.scalars import shanghai_datetimes
from graphql_api.crosslevel.schema import CrosslevelMutations, CrosslevelQueries
from graphql_api.holidays.schema import HolidayMutations, HolidayQueries
from graphql_api.inbox.schema import InboxMutations, InboxQueries
from graphql_api.overview.schema import OverviewMutations, OverviewQueries
from graphql_api.reporting.schema import ReportingMutations, ReportingQueries
from graphql_api.supervision.routing import RoutingQueries
from graphql_api.supervision.schema import SupervisionMutations, SupervisionQueries
from graphql_api.tenants.schema import TenantMutations, TenantQueries


class Query(
    TenantQueries,
    SupervisionQueries,
    RoutingQueries,
    OverviewQueries,
    ReportingQueries,
    CrosslevelQueries,
    InboxQueries,
    HolidayQueries,
    LabelQueries,
    graphene.ObjectType,
):
    """Entry points for reading (查询)."""


class Mutation(
    TenantMutations,
    SupervisionMutations,
    OverviewMutations,
    ReportingMutations,
    CrosslevelMutations,
    InboxMutations,
    HolidayMutations,
    graphene.ObjectType,
):
    """Entry points for changing (操作)."""


schema = graphene.Schema(query=Query, mutation=Mutation)
shanghai_datetimes(schema.graphql_schema)
