"""The fixed unit tree every test shares, built once per test database.

province 320000 ─┬─ city 320100 ─┬─ county_a 320102 ── township 320102002
                 │               └─ county_b 320104
                 └─ other_city 320200 ── other_county 320213
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tenants.models import Department, DepartmentKind, Unit, User
from tenants.roles import Role
from tenants.services.units import UnitSpec, units_import
from tests.factories.tenants import UserFactory

TREE_SPECS = [
    UnitSpec("320000", "中共江苏省委组织部", "省委组织部", "province", None),
    UnitSpec("320100", "中共南京市委组织部", "南京市委组织部", "city", "320000"),
    UnitSpec(
        "320102", "中共南京市玄武区委组织部", "玄武区委组织部", "county", "320100"
    ),
    UnitSpec(
        "320104", "中共南京市秦淮区委组织部", "秦淮区委组织部", "county", "320100"
    ),
    UnitSpec(
        "320102002", "梅园新村街道党工委组织办", "梅园新村街道", "township", "320102"
    ),
    UnitSpec("320200", "中共无锡市委组织部", "无锡市委组织部", "city", "320000"),
    UnitSpec(
        "320213", "中共无锡市梁溪区委组织部", "梁溪区委组织部", "county", "320200"
    ),
]
# 机关代字 and 签发人 of each unit (公文设置), as a unit administrator sets them.
AGENCY_CODES = {
    "320000": ("苏组", "周立新"),
    "320100": ("宁组", "陈宏伟"),
    "320102": ("玄组", "李建平"),
    "320104": ("秦组", "王敏"),
    "320102002": ("梅组办", "刘芳"),
    "320200": ("锡组", "钱晓东"),
    "320213": ("梁组", "赵文涛"),
}
KEYS = {
    "province": "320000",
    "city": "320100",
    "county_a": "320102",
    "county_b": "320104",
    "township": "320102002",
    "other_city": "320200",
    "other_county": "320213",
}
ROLE_KEYS = {
    "admin": [Role.UNIT_ADMIN],
    "registrar": [Role.REGISTRAR],
    "handler": [Role.HANDLER],
    "head": [Role.DEPARTMENT_HEAD],
    "leader": [Role.LEADER],
    "supervisor": [Role.SUPERVISOR],
    "liaison": [Role.LIAISON],
}


@dataclass
class Tree:
    units: dict[str, Unit] = field(default_factory=dict)
    staff: dict[tuple[str, str], User] = field(default_factory=dict)

    def user(self, unit_key: str, role_key: str) -> User:
        return self.staff[(unit_key, role_key)]


def build_tree() -> None:
    """Create the units, one department each, and one user per role per unit."""
    units_import(specs=TREE_SPECS)
    for code, (agency_code, signatory) in AGENCY_CODES.items():
        Unit.objects.filter(code=code).update(
            agency_code=agency_code, signatory=signatory
        )
    for key, code in KEYS.items():
        unit = Unit.objects.get(code=code)
        department = Department.objects.create(
            unit=unit, name="干部监督科", kind=DepartmentKind.CADRE_SUPERVISION
        )
        Department.objects.create(unit=unit, name="办公室", kind=DepartmentKind.OFFICE)
        for role_key, roles in ROLE_KEYS.items():
            UserFactory(
                username=f"{key}_{role_key}",
                unit=unit,
                department=department,
                roles=list(roles),
            )


def load_tree() -> Tree:
    tree = Tree()
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=KEYS.values())}
    for key, code in KEYS.items():
        tree.units[key] = units[code]
    for user in User.objects.select_related("unit", "department").filter(
        username__in=[f"{k}_{r}" for k in KEYS for r in ROLE_KEYS]
    ):
        unit_key, role_key = user.username.rsplit("_", 1)
        tree.staff[(unit_key, role_key)] = user
    return tree
