"""Factories for staff accounts (units come from the fixed test tree)."""

import factory
from django.contrib.auth.hashers import make_password

from tenants.models import User

TEST_PASSWORD = "Correct-Horse-77"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    full_name = factory.Sequence(lambda n: f"工作人员{n}")
    password = factory.LazyFunction(lambda: make_password(TEST_PASSWORD))
    roles = factory.LazyFunction(list)
