"""Unit mutations: create, rename, deactivate, reactivate."""

from __future__ import annotations

import graphene

from graphql_api.core.mutations import BaseMutation
from graphql_api.tenants.inputs import UnitCreateInput, UnitDocumentSettingsSetInput
from graphql_api.tenants.types import UnitType
from tenants.errors import UnitDocumentSettingsErrorCode, UnitErrorCode
from tenants.roles import Permission
from tenants.services import units


class UnitCreate(BaseMutation):
    """Create a subordinate unit and its schema."""

    unit = graphene.Field(UnitType)

    class Arguments:
        input = UnitCreateInput(required=True)

    class Meta:
        permissions = (Permission.UNIT_MANAGE,)
        error_codes = UnitErrorCode
        description = (
            "Create a subordinate unit (新建下级单位) in the administrator's subtree."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        unit = units.unit_create(
            actor=info.context.user,
            code=input.code,
            name=input.name,
            short_name=input.short_name or "",
            level=input.level.value,
            parent_code=input.parent_code,
        )
        return cls(unit=unit)


class UnitRename(BaseMutation):
    """Rename a unit; the old name stays in its history."""

    unit = graphene.Field(UnitType)

    class Arguments:
        code = graphene.String(required=True)
        name = graphene.String(required=True)
        short_name = graphene.String()

    class Meta:
        input_names = {"code": "unit_code"}
        permissions = (Permission.UNIT_MANAGE,)
        error_codes = UnitErrorCode
        description = "Rename a unit (单位更名)."

    @classmethod
    def perform_mutation(cls, root, info, code, name, short_name=""):
        unit = units.unit_rename(
            actor=info.context.user, code=code, name=name, short_name=short_name or ""
        )
        return cls(unit=unit)


class UnitDeactivate(BaseMutation):
    """Deactivate a unit (never delete it)."""

    unit = graphene.Field(UnitType)

    class Arguments:
        code = graphene.String(required=True)

    class Meta:
        input_names = {"code": "unit_code"}
        permissions = (Permission.UNIT_MANAGE,)
        error_codes = UnitErrorCode
        description = "Deactivate a unit (停用单位); its cases and history are kept."

    @classmethod
    def perform_mutation(cls, root, info, code):
        return cls(
            unit=units.unit_set_active(
                actor=info.context.user, code=code, is_active=False
            )
        )


class UnitReactivate(BaseMutation):
    """Reactivate a deactivated unit."""

    unit = graphene.Field(UnitType)

    class Arguments:
        code = graphene.String(required=True)

    class Meta:
        input_names = {"code": "unit_code"}
        permissions = (Permission.UNIT_MANAGE,)
        error_codes = UnitErrorCode
        description = "Reactivate a unit (启用单位)."

    @classmethod
    def perform_mutation(cls, root, info, code):
        return cls(
            unit=units.unit_set_active(
                actor=info.context.user, code=code, is_active=True
            )
        )


class UnitDocumentSettingsSet(BaseMutation):
    """Set the own unit's 机关代字 and 签发人 for the documents it issues."""

    unit = graphene.Field(UnitType)

    class Arguments:
        input = UnitDocumentSettingsSetInput(required=True)

    class Meta:
        permissions = (Permission.UNIT_MANAGE,)
        error_codes = UnitDocumentSettingsErrorCode
        description = (
            "Set the unit's document settings (公文设置): 机关代字 of its 发文字号 "
            "and the 签发人 of reports sent upward."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        unit = units.unit_document_settings_set(
            actor=info.context.user,
            agency_code=input.agency_code,
            signatory=input.signatory or "",
        )
        return cls(unit=unit)
