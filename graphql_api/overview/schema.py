"""The overview domain's part of the GraphQL schema."""

import graphene

from graphql_api.overview.freshness import FreshnessQueries
from graphql_api.overview.queries import OverviewQueries as _OverviewQueries


class OverviewQueries(_OverviewQueries, FreshnessQueries):
    pass


class OverviewMutations(graphene.ObjectType):
    pass


__all__ = ("OverviewMutations", "OverviewQueries")
