"""A small province in the database named by DATABASE_URL, for the reporting
node test: run as `python -m tests.logical.province build|change CODE` in a
process of its own (each province is a PostgreSQL cluster of its own).

`build` imports a province, one city and one county (codes from the
province's first two digits), one department and one member of staff per role
in each, sets 机关代字 and 签发人, and registers petitions through the services:
some only registered, some accepted, one closed, in the county and the city.
`change` registers one more and accepts one, as work goes on after the
subscription. Both print the petition counts as JSON.
"""

from __future__ import annotations

import json
import os
import sys

# Names and numbers the reporting node must never receive.
PERSONAL_MARKERS = ("王建国", "13912345678", "周立新", "民主推荐程序不规范")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _specs(code: str):
    from tenants.services.units import UnitSpec

    prefix = code[:2]
    name = {"32": "江苏省", "33": "浙江省"}.get(prefix, f"{prefix}省")
    return {
        "province": UnitSpec(
            code, f"中共{name}委组织部", "省委组织部", "province", None
        ),
        "city": UnitSpec(
            f"{prefix}0100", f"中共{name}第一市委组织部", "一市委组织部", "city", code
        ),
        "county_a": UnitSpec(
            f"{prefix}0102",
            f"中共{name}第一市甲区委组织部",
            "甲区委组织部",
            "county",
            f"{prefix}0100",
        ),
    }


def _tree(code: str):
    from tenants.models import User
    from tests.tree import ROLE_KEYS, Tree

    tree = Tree()
    specs = _specs(code)
    from tenants.models import Unit

    for key, spec in specs.items():
        tree.units[key] = Unit.objects.get(code=spec.code)
        for role_key in ROLE_KEYS:
            tree.staff[(key, role_key)] = User.objects.get(
                username=f"{spec.code}_{role_key}"
            )
    return tree


def build(code: str) -> dict:
    from tenants.models import Department, DepartmentKind, Unit
    from tenants.services.units import units_import
    from tests.factories.supervision import make_petition
    from tests.factories.tenants import UserFactory
    from tests.tree import ROLE_KEYS

    specs = _specs(code)
    units_import(specs=list(specs.values()))
    Unit.objects.filter(code=code).update(agency_code="省组", signatory="周立新")
    for spec in specs.values():
        unit = Unit.objects.get(code=spec.code)
        department = Department.objects.create(
            unit=unit, name="干部监督科", kind=DepartmentKind.CADRE_SUPERVISION
        )
        for role_key, roles in ROLE_KEYS.items():
            UserFactory(
                username=f"{spec.code}_{role_key}",
                unit=unit,
                department=department,
                roles=list(roles),
            )
    tree = _tree(code)
    # The second province gets more of them, so the sums are not doubles.
    extra = 1 if code.startswith("33") else 0
    for _ in range(2 + extra):
        make_petition(tree, "registered", "county_a")
    make_petition(tree, "accepted", "county_a", channel="visit")
    make_petition(tree, "closed", "county_a", legal_type="appeal")
    for _ in range(1 + extra):
        make_petition(tree, "accepted", "city", legal_type="accusation")
    return _counts()


def change(code: str) -> dict:
    from supervision.facts.models import CaseFact
    from supervision.services import acceptance
    from tests.factories.supervision import in_unit, make_petition

    tree = _tree(code)
    make_petition(tree, "handling", "city", channel="call")
    # A petition registered before the subscription is accepted now: its fact
    # row and rollup rows are updated, not only inserted.
    waiting = CaseFact.objects.filter(
        unit=tree.units["county_a"], is_accepted__isnull=True
    ).first()
    with in_unit(tree.units["county_a"]):
        acceptance.petition_accept(
            actor=tree.user("county_a", "registrar"), petition_id=waiting.petition_id
        )
    return _counts()


def _counts() -> dict:
    from supervision.facts.models import CaseFact

    return {"facts": CaseFact.objects.count()}


def main(argv: list[str]) -> None:
    action, code = argv
    _setup()
    result = {"build": build, "change": change}[action](code)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
