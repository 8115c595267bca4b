"""The reporting domain's part of the GraphQL schema."""

import graphene


class ReportingQueries(graphene.ObjectType):
    pass


class ReportingMutations(graphene.ObjectType):
    pass
