"""The supervision domain's part of the GraphQL schema."""

import graphene


class SupervisionQueries(graphene.ObjectType):
    pass


class SupervisionMutations(graphene.ObjectType):
    pass
