"""The shape every petition mutation shares: it returns the petition."""

import graphene

from graphql_api.core.mutations import BaseMutation
from graphql_api.supervision.types import PetitionType


def _value(value):
    return getattr(value, "value", value)


class PetitionMutation(BaseMutation):
    """A mutation returning the petition it changed."""

    petition = graphene.Field(PetitionType)

    class Meta:
        abstract = True

    @classmethod
    def done(cls, petition):
        return cls(petition=petition)


def enum_value(value):
    """The Python value of a graphene enum argument (or None)."""
    return None if value is None else _value(value)
