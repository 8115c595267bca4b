"""The GraphQL endpoint with a depth limit."""

from graphene.validation import depth_limit_validator
from graphene_django.views import GraphQLView

MAX_QUERY_DEPTH = 10


class ApiGraphQLView(GraphQLView):
    validation_rules = (depth_limit_validator(max_depth=MAX_QUERY_DEPTH),)
