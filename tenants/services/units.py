"""Creating, renaming and (de)activating units. Units are never deleted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from core.errors import DomainError, not_found
from core.progress import Progress
from tenants.crossing import public_schema
from tenants.errors import UnitDocumentSettingsErrorCode, UnitErrorCode
from tenants.models import (
    LEVEL_DEPTH,
    PATH_SEPARATOR,
    AuditAction,
    AuditEntry,
    Unit,
    UnitLevel,
)
from tenants.provisioning import create_unit_schema
from tenants.roles import Permission
from tenants.scoping import can_manage_unit

# Rows between two progress lines of `import_units`.
IMPORT_PROGRESS_UNITS = 50

PARENT_LEVEL = {
    UnitLevel.CITY: UnitLevel.PROVINCE,
    UnitLevel.COUNTY: UnitLevel.CITY,
    UnitLevel.TOWNSHIP: UnitLevel.COUNTY,
}


def validate_region_code(code: str, level: str, parent: Unit | None) -> None:
    """GB/T 2260 shape of a unit's code for its level, and its parent's prefix."""
    if level == UnitLevel.TOWNSHIP:
        if not re.fullmatch(r"\d{9}", code):
            raise DomainError(
                UnitErrorCode.INVALID_CODE, "乡镇（街道）代码应为9位数字", field="code"
            )
    elif not re.fullmatch(r"\d{6}", code):
        raise DomainError(
            UnitErrorCode.INVALID_CODE, "行政区划代码应为6位数字", field="code"
        )
    shape_ok = {
        UnitLevel.PROVINCE: code[2:] == "0000" and code[:2] != "00",
        UnitLevel.CITY: code[4:] == "00" and code[2:4] != "00",
        UnitLevel.COUNTY: code[4:6] != "00",
        UnitLevel.TOWNSHIP: code[6:] != "000",
    }[level]
    if not shape_ok:
        raise DomainError(
            UnitErrorCode.INVALID_CODE,
            f"代码{code}不符合{UnitLevel(level).label}行政区划代码的格式",
            field="code",
        )
    if parent is not None:
        prefix = {
            UnitLevel.CITY: parent.code[:2],
            UnitLevel.COUNTY: parent.code[:4],
            UnitLevel.TOWNSHIP: parent.code[:6],
        }[level]
        if not code.startswith(prefix):
            raise DomainError(
                UnitErrorCode.CODE_PARENT_MISMATCH,
                f"代码{code}不属于上级单位{parent.name}（{parent.code}）的行政区域",
                field="code",
            )


def _parent_for(level: str, parent: Unit | None) -> None:
    if level == UnitLevel.PROVINCE:
        if parent is not None:
            raise DomainError(
                UnitErrorCode.INVALID_PARENT, "省级单位没有上级单位", field="parentCode"
            )
        return
    if parent is None:
        raise DomainError(
            UnitErrorCode.INVALID_PARENT,
            f"{UnitLevel(level).label}单位必须有上级单位",
            field="parentCode",
        )
    if parent.level != PARENT_LEVEL[level]:
        raise DomainError(
            UnitErrorCode.INVALID_PARENT,
            f"{UnitLevel(level).label}单位的上级必须是{UnitLevel(PARENT_LEVEL[level]).label}单位，"
            f"而{parent.name}是{parent.get_level_display()}单位",
            field="parentCode",
        )
    if not parent.is_active:
        raise DomainError(
            UnitErrorCode.PARENT_INACTIVE,
            f"上级单位{parent.name}已停用",
            field="parentCode",
        )


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None


def _unit_insert(spec: UnitSpec, *, actor) -> Unit:
    if spec.level not in UnitLevel.values:
        raise DomainError(
            UnitErrorCode.INVALID_LEVEL, f"未知的层级：{spec.level}", field="level"
        )
    name = (spec.name or "").strip()
    if not name:
        raise DomainError(UnitErrorCode.NAME_REQUIRED, "单位名称不能为空", field="name")
    parent = None
    if spec.parent_code:
        parent = Unit.objects.select_for_update().filter(code=spec.parent_code).first()
        if parent is None:
            raise not_found("上级单位", field="parentCode")
    _parent_for(spec.level, parent)
    validate_region_code(spec.code, spec.level, parent)
    if Unit.objects.filter(code=spec.code).exists():
        raise DomainError(
            UnitErrorCode.DUPLICATE_CODE, f"代码为{spec.code}的单位已存在", field="code"
        )
    path = spec.code if parent is None else parent.path + PATH_SEPARATOR + spec.code
    unit = Unit(
        schema_name=f"u_{spec.code}",
        code=spec.code,
        name=name,
        short_name=(spec.short_name or name).strip(),
        level=spec.level,
        parent=parent,
        path=path,
        depth=LEVEL_DEPTH[spec.level],
    )
    try:
        with transaction.atomic(), public_schema():
            unit.save()
    except IntegrityError as error:
        raise DomainError(
            UnitErrorCode.DUPLICATE_CODE, f"代码为{spec.code}的单位已存在", field="code"
        ) from error
    with public_schema():
        create_unit_schema(unit)
    AuditEntry.objects.create(
        action=AuditAction.UNIT_CREATED,
        actor=actor,
        unit=unit,
        target=unit.code,
        after={"name": unit.name, "level": unit.level, "parent": spec.parent_code},
    )
    return unit


@transaction.atomic
def unit_create(
    *,
    actor,
    code: str,
    name: str,
    level: str,
    parent_code: str | None,
    short_name: str = "",
) -> Unit:
    """Create a unit and its schema under a parent the actor administers."""
    spec = UnitSpec(code.strip(), name, short_name, level, parent_code or None)
    if actor is not None:
        parent = (
            Unit.objects.filter(code=spec.parent_code).first()
            if spec.parent_code
            else None
        )
        if parent is None or not can_manage_unit(actor, parent, Permission.UNIT_MANAGE):
            raise not_found("上级单位", field="parentCode")
    return _unit_insert(spec, actor=actor)


@transaction.atomic
def units_import(
    *, specs: list[UnitSpec], progress: Callable[[str], object] | None = None
) -> tuple[list[Unit], int]:
    """Create the units in `specs` that do not exist yet, parents first.

    Returns the created units and how many already existed. All or nothing: one
    bad row rolls the whole import back. `progress` gets a line every
    IMPORT_PROGRESS_UNITS rows (core.progress); each new unit's schema is
    provisioned as it is created.
    """
    order = {level: depth for level, depth in LEVEL_DEPTH.items()}
    created, existing = [], 0
    tracker = Progress("导入单位", total=len(specs), write=progress)
    for position, spec in enumerate(
        sorted(specs, key=lambda s: (order.get(s.level, 9), s.code)), start=1
    ):
        if position > 1 and (position - 1) % IMPORT_PROGRESS_UNITS == 0:
            tracker.advance(IMPORT_PROGRESS_UNITS, 新建=len(created), 已存在=existing)
        if Unit.objects.filter(code=spec.code).exists():
            existing += 1
            continue
        try:
            created.append(_unit_insert(spec, actor=None))
        except DomainError as error:
            raise DomainError(
                error.code,
                f"{spec.code} {spec.name}：{error.message}",
                field=error.field,
            ) from error
    if specs:
        tracker.advance(len(specs) - tracker.done, 新建=len(created), 已存在=existing)
    return created, existing


def _managed_unit_for_update(*, actor, code: str) -> Unit:
    unit = Unit.objects.select_for_update().filter(code=code).first()
    if unit is None or not can_manage_unit(actor, unit, Permission.UNIT_MANAGE):
        raise not_found("单位", field="code")
    return unit


@transaction.atomic
def unit_rename(*, actor, code: str, name: str, short_name: str = "") -> Unit:
    """Rename a unit; the old names stay in the audit trail."""
    unit = _managed_unit_for_update(actor=actor, code=code)
    name = (name or "").strip()
    if not name:
        raise DomainError(UnitErrorCode.NAME_REQUIRED, "单位名称不能为空", field="name")
    before = {"name": unit.name, "short_name": unit.short_name}
    unit.name = name
    unit.short_name = (short_name or name).strip()
    with public_schema():
        unit.save(update_fields=["name", "short_name", "updated_at"])
    AuditEntry.objects.create(
        action=AuditAction.UNIT_RENAMED,
        actor=actor,
        unit=unit,
        target=unit.code,
        before=before,
        after={"name": unit.name, "short_name": unit.short_name},
    )
    return unit


# 机关代字: Chinese characters only (玄组, 宁组, 苏组), as they stand before 〔年份〕.
AGENCY_CODE_PATTERN = re.compile(r"^[\u4e00-\u9fff]{1,10}$")


@transaction.atomic
def unit_document_settings_set(*, actor, agency_code: str, signatory: str) -> Unit:
    """Set the actor's unit's 机关代字 and 签发人, used by every document it
    issues (发文字号, the 签发人 of reports sent upward)."""
    unit = Unit.objects.select_for_update().get(pk=actor.unit_id)
    agency_code = (agency_code or "").strip()
    signatory = (signatory or "").strip()
    if not AGENCY_CODE_PATTERN.match(agency_code):
        raise DomainError(
            UnitDocumentSettingsErrorCode.AGENCY_CODE_INVALID,
            "机关代字应为1至10个汉字，如“玄组”",
            field="agencyCode",
        )
    if len(signatory) > 20:
        raise DomainError(
            UnitDocumentSettingsErrorCode.SIGNATORY_INVALID,
            "签发人姓名不能超过20个字",
            field="signatory",
        )
    before = {"agency_code": unit.agency_code, "signatory": unit.signatory}
    unit.agency_code = agency_code
    unit.signatory = signatory
    with public_schema():
        unit.save(update_fields=["agency_code", "signatory", "updated_at"])
    AuditEntry.objects.create(
        action=AuditAction.UNIT_DOCUMENT_SETTINGS_SET,
        actor=actor,
        unit=unit,
        target=unit.code,
        before=before,
        after={"agency_code": agency_code, "signatory": signatory},
    )
    return unit


@transaction.atomic
def unit_set_active(*, actor, code: str, is_active: bool) -> Unit:
    """Deactivate or reactivate a unit. A unit with active children stays active."""
    unit = _managed_unit_for_update(actor=actor, code=code)
    if unit.pk == actor.unit_id:
        raise DomainError(
            UnitErrorCode.INVALID_PARENT, "不能停用或启用本单位", field="code"
        )
    if unit.is_active == is_active:
        code_ = (
            UnitErrorCode.ALREADY_ACTIVE
            if is_active
            else UnitErrorCode.ALREADY_INACTIVE
        )
        raise DomainError(
            code_, "单位已是启用状态" if is_active else "单位已是停用状态"
        )
    if not is_active and unit.children.filter(is_active=True).exists():
        raise DomainError(
            UnitErrorCode.HAS_ACTIVE_CHILDREN,
            "该单位还有启用的下级单位，请先停用下级单位",
        )
    if is_active and unit.parent is not None and not unit.parent.is_active:
        raise DomainError(
            UnitErrorCode.PARENT_INACTIVE, "上级单位已停用，请先启用上级单位"
        )
    unit.is_active = is_active
    with public_schema():
        unit.save(update_fields=["is_active", "updated_at"])
    AuditEntry.objects.create(
        action=AuditAction.UNIT_REACTIVATED
        if is_active
        else AuditAction.UNIT_DEACTIVATED,
        actor=actor,
        unit=unit,
        target=unit.code,
        before={"is_active": not is_active},
        after={"is_active": is_active},
    )
    return unit
