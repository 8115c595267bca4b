"""The overview domain's part of the GraphQL schema."""

import graphene

from graphql_api.overview.queries import OverviewQueries


class OverviewMutations(graphene.ObjectType):
    pass


__all__ = ("OverviewMutations", "OverviewQueries")
