"""Demo units, departments and staff for `make run`. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction

from tenants.models import Department, DepartmentKind, Unit, UnitLevel, User
from tenants.roles import Role
from tenants.services.units import units_import
from tenants.unit_files import read_unit_specs

DEMO_PASSWORD = "Demo@2026"
UNITS_FILE = Path(__file__).with_name("units.csv")

DEPARTMENTS = {
    "upper": [
        ("办公室", DepartmentKind.OFFICE),
        ("干部监督科", DepartmentKind.CADRE_SUPERVISION),
        ("组织科", DepartmentKind.ORGANIZATION),
        ("干部科", DepartmentKind.CADRE),
        ("老干部科", DepartmentKind.RETIRED_CADRES),
        ("人才科", DepartmentKind.TALENT),
    ],
    UnitLevel.TOWNSHIP: [("党政办", DepartmentKind.OFFICE)],
}

# username suffix, full-name suffix, roles, department name (None: no department)
STAFF_UPPER = [
    ("admin", "系统管理员", [Role.UNIT_ADMIN], "办公室"),
    ("registrar", "信访干部", [Role.REGISTRAR], "办公室"),
    ("handler", "承办人", [Role.HANDLER], "干部监督科"),
    ("head", "干部监督科科长", [Role.DEPARTMENT_HEAD], "干部监督科"),
    ("leader", "分管副部长", [Role.LEADER], None),
    ("supervisor", "督查专员", [Role.SUPERVISOR], "办公室"),
    ("auditor", "审计员", [Role.AUDITOR], "办公室"),
]
STAFF_TOWNSHIP = [
    ("admin", "系统管理员", [Role.UNIT_ADMIN], "党政办"),
    ("liaison", "信访联络员", [Role.LIAISON], "党政办"),
    ("leader", "组织委员", [Role.LEADER], None),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    unit: str
    roles: str


def _staff_for(unit: Unit):
    return STAFF_TOWNSHIP if unit.level == UnitLevel.TOWNSHIP else STAFF_UPPER


def demo_username(unit: Unit, suffix: str) -> str:
    return f"u{unit.code}-{suffix}"


@transaction.atomic
def seed_units_and_staff() -> list[DemoLogin]:
    """Create the demo unit tree, departments and one account per role per unit."""
    units_import(specs=read_unit_specs(UNITS_FILE))
    logins = []
    # One hash for the shared demo password: hashing it per account would take
    # a second per few users with the production hasher.
    password_hash = make_password(DEMO_PASSWORD)
    for unit in Unit.objects.filter(
        code__in=[s.code for s in read_unit_specs(UNITS_FILE)]
    ):
        kinds = DEPARTMENTS.get(unit.level, DEPARTMENTS["upper"])
        departments = {}
        for name, kind in kinds:
            departments[name], _ = Department.objects.get_or_create(
                unit=unit, name=name, defaults={"kind": kind}
            )
        for suffix, title, roles, department in _staff_for(unit):
            username = demo_username(unit, suffix)
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    full_name=f"{unit.short_name}{title}",
                    unit=unit,
                    department=departments.get(department),
                    roles=list(roles),
                )
                user.password = password_hash
                user.save()
            logins.append(
                DemoLogin(username, unit.name, "、".join(Role(r).label for r in roles))
            )
    return logins
