"""The overview domain's part of the GraphQL schema."""

import graphene


class OverviewQueries(graphene.ObjectType):
    pass


class OverviewMutations(graphene.ObjectType):
    pass
