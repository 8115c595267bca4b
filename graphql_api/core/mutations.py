"""The base mutation: permission check, one transaction, errors as data."""

from __future__ import annotations

from enum import Enum

import graphene
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from graphene.types.mutation import MutationOptions
from graphene.utils.props import props

from core.errors import CommonErrorCode, DomainError
from graphql_api.core.errors import error_type_for
from graphql_api.core.mutation_input import input_from_arguments
from tenants.models import AuditAction
from tenants.services.audit import audit_record


class BaseMutationOptions(MutationOptions):
    permissions: tuple[str, ...] = ()
    require_login: bool = False
    atomic: bool = True
    error_type = None
    loose_arguments = None


class BaseMutation(graphene.Mutation):
    """Every mutation declares `Meta.permissions` (an empty tuple means public,
    `require_login` makes it any signed-in user) and `Meta.error_codes`;
    `atomic = False` is only for sign-in, whose failed attempts must be recorded
    even though the mutation fails, and for a mutation whose service is one
    unit of work (core.unit_of_work, its own transaction: an outer one would
    hold the rows its finishing steps lock until the outer commit); loose
    `Arguments` become an `input` (graphql_api.core.mutation_input),
    `Meta.input_names` naming its ids `…Id`; the base checks the permissions, runs
    `perform_mutation` in one transaction, and turns a DomainError into
    `errors` with nothing stored.
    """

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(
        cls,
        permissions: tuple[str, ...] | None = None,
        error_codes: type[Enum] | None = None,
        require_login: bool = False,
        atomic: bool = True,
        input_names: dict[str, str] | None = None,
        _meta=None,
        **options,
    ):
        if permissions is None:
            raise ImproperlyConfigured(f"{cls.__name__} must declare Meta.permissions")
        if _meta is None:
            _meta = BaseMutationOptions(cls)
        _meta.permissions = tuple(permissions)
        _meta.require_login = require_login or bool(permissions)
        _meta.atomic = atomic
        name = options.get("name") or cls.__name__
        _meta.error_type = error_type_for(name, error_codes)
        arguments_class = getattr(cls, "Arguments", None)
        arguments, _meta.loose_arguments = input_from_arguments(
            name,
            props(arguments_class) if arguments_class else {},
            input_names or {},
        )
        options["arguments"] = arguments
        cls.errors = graphene.List(
            graphene.NonNull(_meta.error_type),
            required=True,
            description="Errors (错误); empty when the mutation succeeded.",
        )
        super().__init_subclass_with_meta__(_meta=_meta, **options)

    @classmethod
    def failure(cls, error: DomainError):
        error_type = cls._meta.error_type
        return cls(
            errors=[
                error_type(field=error.field, message=error.message, code=error.code)
            ]
        )

    @classmethod
    def check_permissions(cls, info) -> None:
        if not cls._meta.require_login:
            return
        user = info.context.user
        if not user.is_authenticated:
            raise DomainError(CommonErrorCode.UNAUTHENTICATED, "请先登录")
        missing = [p for p in cls._meta.permissions if not user.has_unit_permission(p)]
        if missing:
            audit_record(
                action=AuditAction.PERMISSION_DENIED,
                actor=user,
                target=cls._meta.name,
                details={"operation": cls._meta.name, "missing": sorted(missing)},
            )
            raise DomainError(CommonErrorCode.PERMISSION_DENIED, "无权执行此操作")

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            cls.check_permissions(info)
            if cls._meta.loose_arguments is not None:
                data = cls._meta.loose_arguments.keywords(data)
            if cls._meta.atomic:
                with transaction.atomic():
                    result = cls.perform_mutation(root, info, **data)
            else:
                result = cls.perform_mutation(root, info, **data)
        except DomainError as error:
            return cls.failure(error)
        if result.errors is None:
            result.errors = []
        return result

    @classmethod
    def perform_mutation(cls, root, info, **data):
        raise NotImplementedError
