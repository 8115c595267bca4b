"""The tenants domain's part of the GraphQL schema."""

import graphene

from graphql_api.tenants.mutations.auth import Login, Logout, TokenCreate, TokenRevoke
from graphql_api.tenants.mutations.units import (
    UnitCreate,
    UnitDeactivate,
    UnitDocumentSettingsSet,
    UnitReactivate,
    UnitRename,
)
from graphql_api.tenants.mutations.users import (
    DepartmentCreate,
    RoleGrantApprove,
    UserCreate,
    UserSetPassword,
    UserUpdate,
)
from graphql_api.tenants.queries import TenantQueries


class TenantMutations(graphene.ObjectType):
    login = Login.Field()
    logout = Logout.Field()
    token_create = TokenCreate.Field()
    token_revoke = TokenRevoke.Field()
    unit_create = UnitCreate.Field()
    unit_rename = UnitRename.Field()
    unit_deactivate = UnitDeactivate.Field()
    unit_reactivate = UnitReactivate.Field()
    unit_document_settings_set = UnitDocumentSettingsSet.Field()
    department_create = DepartmentCreate.Field()
    user_create = UserCreate.Field()
    user_update = UserUpdate.Field()
    user_set_password = UserSetPassword.Field()
    role_grant_approve = RoleGrantApprove.Field()


__all__ = ("TenantMutations", "TenantQueries")
