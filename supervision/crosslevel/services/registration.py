"""Registration as the tree sees it: the accused's unit for routing and
recusal, and the cross-tree repeat scan, in the registering transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from core.errors import DomainError
from supervision.crosslevel.models import CaseSubject
from supervision.crosslevel.services.finality import (
    FinalMatterMatch,
    final_matter_matches,
    petition_matter_inputs,
)
from supervision.crosslevel.services.links import petition_route_suggest
from supervision.crosslevel.services.repeats import petition_repeat_scan
from supervision.errors import PetitionRegisterErrorCode as Code
from supervision.services.intake import (
    Registration,
    RegistrationData,
    petition_register,
)
from tenants.models import Unit, User


@dataclass(frozen=True)
class TreeRegistration:
    """A registration with what the tree adds to it."""

    registration: Registration
    suggested_unit: Unit | None
    # The same matter already made final by 复核 somewhere in the tree: it
    # stays registered as a record and is declined (已经复核终结), not accepted.
    final_matters: list[FinalMatterMatch]


def _accused_units(codes: list[str | None]) -> dict[int, Unit]:
    """Each accused's unit by position, from a code of the unit tree."""
    wanted = {index: code.strip() for index, code in enumerate(codes) if code}
    known = {unit.code: unit for unit in Unit.objects.filter(code__in=wanted.values())}
    for index, code in wanted.items():
        if code not in known:
            raise DomainError(
                Code.INVALID_ACCUSED_UNIT,
                f"被反映人所在单位代码{code}不在单位树中",
                field=f"accused.{index}.unitCode",
            )
    return {index: known[code] for index, code in wanted.items()}


@transaction.atomic
def petition_register_in_tree(
    *,
    actor: User | None,
    unit: Unit,
    data: RegistrationData,
    accused_unit_codes: list[str | None],
) -> TreeRegistration:
    """Register a petition, record the accused's units (CaseSubject) so that
    recusal and confidentiality hold for every later transfer, assignment or
    escalation, scan the tree for repeats, and suggest the managing unit
    (干部管理权限); matters of the same person made final by 复核 anywhere in
    the tree are returned with it. `accused_unit_codes` follows
    `data.accused`. `actor` is None for an online petition the public
    submitted (网上信访): no staff member registers it, and no managing unit
    is suggested to the public."""
    accused_units = _accused_units(accused_unit_codes)
    registration = petition_register(actor=actor, unit=unit, data=data)
    petition = registration.petition
    CaseSubject.objects.bulk_create(
        CaseSubject(
            unit=unit,
            petition_id=petition.pk,
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
