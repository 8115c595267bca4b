"""The one GraphQL schema, combined from each domain's queries and mutations."""

import graphene

from graphql_api.tenants.schema import TenantMutations, TenantQueries


class Query(TenantQueries, graphene.ObjectType):
    """Entry points for reading (查询)."""


class Mutation(TenantMutations, graphene.ObjectType):
    """Entry points for changing (操作)."""


schema = graphene.Schema(query=Query, mutation=Mutation)
