"""Registration as the tree sees it: the accused's unit for routing and
recusal, and the cross-tree repeat scan, in the registering transaction.

The accused's unit is something the system knows, not free text: each
accused of an accusation (检举控告) carries a unit of the tree (the unit in
whose area the cadre serves) or the registrar's explicit "unknown"
(所在单位不详). On an accusation, a free-text name that names exactly one
unit of the tree (full name, short name or the area's name, compared
normalized) is resolved to it and recorded, so the registrar sees the unit
in the answer; any other name-only accused unit of an accusation is refused
with the units it may mean, which `accusedUnitSuggestions` also offers while
the name is typed. Other petitions keep a name-only unit as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import DomainError
from core.unit_of_work import unit_of_work
from supervision.crosslevel.finality import (
    FinalMatterMatch,
    final_matter_matches,
    petition_matter_inputs,
)
from supervision.crosslevel.models import CaseSubject
from supervision.crosslevel.services.links import petition_route_suggest
from supervision.crosslevel.services.repeats import petition_repeat_scan
from supervision.errors import PetitionRegisterErrorCode as Code
from supervision.models import LegalType
from supervision.services.intake import (
    AccusedData,
    Registration,
    RegistrationData,
    petition_register,
)
from tenants.models import Unit, User
from tenants.selectors import unit_exact_match, unit_suggestion_list

# Units named in the refusal of a name-only accused unit.
REFUSAL_SUGGESTIONS = 3


@dataclass(frozen=True)
class TreeRegistration:
    """A registration with what the tree adds to it."""

    registration: Registration
    suggested_unit: Unit | None
    # The same matter already made final by 复核 somewhere in the tree: it
    # stays registered as a record and is declined (已经复核终结), not accepted.
    final_matters: list[FinalMatterMatch]


def _picked_unit(index: int, person: AccusedData) -> Unit:
    code = person.unit_code.strip()
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(
            Code.INVALID_ACCUSED_UNIT,
            f"被反映人所在单位代码{code}不在单位树中",
            field=f"accused.{index}.unitCode",
        )
    if not unit.is_active:
        raise DomainError(
            Code.INVALID_ACCUSED_UNIT,
            f"被反映人所在单位{unit.name}已停用，请选择其现在所属的单位",
            field=f"accused.{index}.unitCode",
        )
    return unit


def _name_only_refusal(index: int, person: AccusedData) -> DomainError:
    suggestions = unit_suggestion_list(name=person.unit_name, limit=REFUSAL_SUGGESTIONS)
    label = person.unit_name.strip()
    maybe = "、".join(f"{s.unit.name}（{s.unit.code}）" for s in suggestions)
    hint = f"“{label}”可能是{maybe}" if maybe else f"单位树中没有与“{label}”相符的单位"
    return DomainError(
        Code.ACCUSED_UNIT_REQUIRED,
        f"检举控告须从单位树中选择被反映人{person.name.strip()}的所在单位：{hint}；"
        "确实不详的，请标明“所在单位不详”",
        field=f"accused.{index}.unitCode",
    )


def _accused_units(data: RegistrationData) -> dict[int, Unit | None]:
    """Each accused's unit of the tree by position, None for an accusation's
    explicit "unknown"; positions without either (a petition that is not an
    accusation, with a name-only or unknown unit) are left out. Resolving an
    exact name match writes its code into `data` so the petition keeps it."""
    is_accusation = data.legal_type == LegalType.ACCUSATION
    units: dict[int, Unit | None] = {}
    for index, person in enumerate(data.accused):
        if person.unit_code.strip():
            if person.is_unit_unknown:
                raise DomainError(
                    Code.INVALID_ACCUSED_UNIT,
                    "已选择被反映人所在单位的，不能同时标明“所在单位不详”",
                    field=f"accused.{index}.unitUnknown",
                )
            units[index] = _picked_unit(index, person)
        elif person.is_unit_unknown:
            # Only an accusation's material is kept from units below.
            if is_accusation:
                units[index] = None
        elif not is_accusation:
            # Other petitions keep a name-only unit as they always could.
            continue
        elif (exact := unit_exact_match(person.unit_name)) is not None:
            person.unit_code = exact.code
            units[index] = exact
        elif person.unit_name.strip():
            # (A blank name is refused by registration itself as required.)
            raise _name_only_refusal(index, person)
    return units


@unit_of_work()
def petition_register_in_tree(
    *,
    actor: User | None,
    unit: Unit,
    data: RegistrationData,
) -> TreeRegistration:
    """Register a petition, record the accused's units (CaseSubject, "unknown"
    included) so that recusal and confidentiality hold for every later
    transfer, assignment or escalation, scan the tree for repeats, and suggest
    the managing unit (干部管理权限); matters of the same person made final by
    复核 anywhere in the tree are returned with it. `actor` is None for an
    online petition the public submitted (网上信访): no staff member registers
    it, and no managing unit is suggested to the public."""
    accused_units = _accused_units(data)
    registration = petition_register(actor=actor, unit=unit, data=data)
    petition = registration.petition
    CaseSubject.objects.bulk_create(
        CaseSubject(
            unit=unit,
            petition_id=petition.pk,
            position=index,
            accused_unit=accused_units[index],
            managing_level=person.managing_level,
            is_main_leader=person.is_main_leader,
        )
        for index, person in enumerate(data.accused)
        if index in accused_units
    )
    petition_repeat_scan(actor=actor, petition_id=petition.pk, unit=unit)
    return TreeRegistration(
        final_matters=final_matter_matches(
            unit=unit, inputs=petition_matter_inputs(petition)
        ),
        registration=registration,
        suggested_unit=(
            petition_route_suggest(actor=actor, petition_id=petition.pk)
            if actor is not None
            else None
        ),
    )
