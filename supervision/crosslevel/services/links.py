"""Transfer (转办) and assign (交办) down, escalation (上报) up, remit objections.

Each flow writes both units' sides in one transaction: the target's linked
petition and fact (inside the target's schema, through tenants.crossing) and
the source's link, event and fact. A repeated submit finds the open link and
changes nothing.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from enum import StrEnum
from functools import partial

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, not_found
from supervision.crosslevel import petitions
from supervision.crosslevel.due_dates import due_date, requested_due_date
from supervision.crosslevel.errors import (
    CaseSendErrorCode,
    CaseSubjectErrorCode,
    ObjectionErrorCode,
    RepeatMatchErrorCode,
    SendDownApproveErrorCode,
    SupervisionOrderErrorCode,
)
from supervision.crosslevel.models import (
    OPEN_LINK_STATES,
    REVIEW_LINK_KINDS,
    CaseLink,
    CaseLinkEvent,
    CaseSubject,
    CrossLevelAction,
    LinkKind,
    LinkState,
    ObjectionState,
    RefusalKind,
    RefusalLog,
    RemitObjection,
)
from supervision.facts.models import CaseFact
from supervision.inbox.models import NotificationKind
from supervision.inbox.services import RECEIVED_LINK_WORK, notify_units
from supervision.models import EventAction, Status
from supervision.rules.clocks import ClockCode
from supervision.rules.workcalendar import chinese_date
from supervision.services.common import acting_unit, acting_unit_id
from tenants import crossing
from tenants.models import Unit, User
from tenants.roles import Permission
from tenants.scoping import unit_ancestors

logger = logging.getLogger(__name__)

# Transfers of a case down its chain plus results sent back: from three on,
# the case is a problem case for escalated supervision.
PROBLEM_CASE_THRESHOLD = 3

# The log's code of a leader's decision to send an accusation whose accused's
# unit is unknown to a unit below.
SEND_DOWN_APPROVED_CODE = "SEND_DOWN_APPROVED"

_KIND_ORIGIN = {
    LinkKind.TRANSFER: "transfer",
    LinkKind.ASSIGN: "assign",
    LinkKind.ESCALATE: "escalated",
}
# How the sender's case ends when it is sent: a transfer or an escalation hands
# it over; an assignment (absent) keeps it open until the result is accepted.
SENT_AWAY_ENDINGS = {
    LinkKind.TRANSFER: Status.TRANSFERRED,
    LinkKind.ESCALATE: Status.ESCALATED,
}


# The operations that move a petition's material: each error enum has the
# three members of `material_refusal`'s rules.
MaterialCodes = (
    type[CaseSendErrorCode]
    | type[SupervisionOrderErrorCode]
    | type[RepeatMatchErrorCode]
)


def managing_unit_for(subject: CaseSubject) -> Unit | None:
    """The unit that manages the accused cadre (干部管理权限): the ancestor (or
    the unit itself) of the cadre's unit at the managing level; None when the
    cadre's unit is unknown."""
    unit = subject.accused_unit
    if unit is None:
        return None
    candidates = [*unit_ancestors(unit), unit]
    return next((u for u in candidates if u.level == subject.managing_level), None)


def petition_route_suggest(*, actor: User, petition_id: uuid.UUID) -> Unit | None:
    """The unit an accusation should go to, by the accused's managing level
    (干部管理权限): from the recorded accused unit when there is one, else,
    for a cadre managed at or above the actor's level, the actor's own unit or
    ancestor at that level. None when it cannot be told."""
    own = acting_unit(actor)
    subjects = CaseSubject.objects.filter(
        unit=own, petition_id=petition_id
    ).select_related("accused_unit")
    for subject in subjects:
        unit = managing_unit_for(subject)
        if unit is not None:
            return unit
    for level in petitions.accused_managing_levels(petition_id):
        candidates = [*unit_ancestors(own), own]
        match = next((u for u in candidates if u.level == level), None)
        if match is not None:
            return match
    return None


@transaction.atomic
def case_subject_record(
    *,
    actor: User,
    petition_id: uuid.UUID,
    accused_unit_code: str,
    managing_level: str,
    is_main_leader: bool,
    position: int | None = None,
) -> CaseSubject:
    """Record an accused cadre's unit and level for routing and recusal.

    With `position`, the unit is that registered accused's, learned later: it
    replaces the "unknown" (所在单位不详) recorded for that person, on the
    petition (an event on its timeline) as on the routing record."""
    own_fact(actor, petition_id)
    accused_unit = Unit.objects.filter(code=accused_unit_code).first()
    if accused_unit is None:
        raise not_found("被反映人所在单位", field="accusedUnitCode")
    if not accused_unit.is_active:
        raise DomainError(
            CaseSubjectErrorCode.INVALID_UNIT,
            f"{accused_unit.name}已停用，请选择被反映人现在所属的单位",
            field="accusedUnitCode",
        )
    if position is not None:
        petitions.accused_unit_record(
            petition_id,
            actor=actor,
            position=position,
            unit=accused_unit,
            managing_level=managing_level,
            is_main_leader=is_main_leader,
        )
        unit_id = acting_unit_id(actor)
        _legacy_unknown_expand(unit_id, petition_id)
        subject, _ = CaseSubject.objects.update_or_create(
            unit_id=unit_id,
            petition_id=petition_id,
            position=position,
            defaults={
                "accused_unit": accused_unit,
                "managing_level": managing_level,
                "is_main_leader": is_main_leader,
            },
        )
        return subject
    # Recording the same cadre twice (a double submit) adds nothing.
    subject, _ = CaseSubject.objects.get_or_create(
        unit_id=acting_unit_id(actor),
        petition_id=petition_id,
        accused_unit=accused_unit,
        managing_level=managing_level,
        is_main_leader=is_main_leader,
    )
    return subject


def _legacy_unknown_expand(unit_id: int, petition_id: uuid.UUID) -> None:
    """An accusation registered before units were required has one "unknown"
    without a position, for all its accused: give each accused its own, so
    that learning one person's unit leaves the others unknown."""
    legacy = (
        CaseSubject.objects.select_for_update()
        .filter(unit_id=unit_id, petition_id=petition_id, position__isnull=True)
        .filter(accused_unit__isnull=True)
        .first()
    )
    if legacy is None:
        return
    levels = petitions.accused_managing_levels(petition_id)
    legacy.position = 0
    legacy.save(update_fields=["position"])
    CaseSubject.objects.bulk_create(
        CaseSubject(
            unit_id=unit_id,
            petition_id=petition_id,
            position=index,
            accused_unit=None,
            managing_level=level,
        )
        for index, level in enumerate(levels)
        if index > 0
    )


def petition_transfer(
    *,
    actor: User,
    petition_id: uuid.UUID,
    target_code: str,
    requirement: str = "",
) -> CaseLink:
    """Transfer (转办) a petition to a unit below; no result report required."""
    return _case_send(
        actor=actor,
        petition_id=petition_id,
        target_code=target_code,
        kind=LinkKind.TRANSFER,
        requirement=requirement,
        due_on=None,
    )


def petition_assign(
    *,
    actor: User,
    petition_id: uuid.UUID,
    target_code: str,
    requirement: str = "",
    due_on: datetime.date | None = None,
) -> CaseLink:
    """Assign (交办) a petition to a unit below; it reports its result by `due_on`
    (three months unless the assigner sets another date)."""
    return _case_send(
        actor=actor,
        petition_id=petition_id,
        target_code=target_code,
        kind=LinkKind.ASSIGN,
        requirement=requirement,
        due_on=due_on,
    )


def petition_escalate(
    *,
    actor: User,
    petition_id: uuid.UUID,
    target_code: str,
    requirement: str = "",
) -> CaseLink:
    """Escalate (上报) a matter beyond this unit's authority to an ancestor."""
    return _case_send(
        actor=actor,
        petition_id=petition_id,
        target_code=target_code,
        kind=LinkKind.ESCALATE,
        requirement=requirement,
        due_on=None,
    )


def _case_send(
    *,
    actor: User,
    petition_id: uuid.UUID,
    target_code: str,
    kind: LinkKind,
    requirement: str,
    due_on: datetime.date | None,
) -> CaseLink:
    source = acting_unit(actor)
    # Someone else's petition answers not found before anything about targets.
    own_fact(actor, petition_id)
    target = _related_unit(source, target_code, upward=kind is LinkKind.ESCALATE)
    # Also upward: a report on a unit's leaders never goes to that unit.
    # Checked and logged outside the flow's transaction, so the refusal is
    # recorded although nothing else is.
    material_guard(actor=actor, source=source, target=target, petition_id=petition_id)
    return _case_send_atomic(
        actor=actor,
        source=source,
        target=target,
        petition_id=petition_id,
        kind=kind,
        requirement=requirement,
        due_on=due_on,
    )


@transaction.atomic
def _case_send_atomic(
    *,
    actor: User,
    source: Unit,
    target: Unit,
    petition_id: uuid.UUID,
    kind: LinkKind,
    requirement: str,
    due_on: datetime.date | None,
) -> CaseLink:
    fact = own_fact(actor, petition_id, for_update=True)
    existing = CaseLink.objects.filter(
        source_unit=source,
        source_petition_id=petition_id,
        target_unit=target,
        state__in=OPEN_LINK_STATES,
    ).first()
    if existing is not None:
        return existing
    if not fact.is_open:
        raise DomainError(
            CaseSendErrorCode.CASE_CLOSED,
            "信访件已办结，不能再转出",
            field="petitionId",
        )
    if kind is not LinkKind.ASSIGN and _is_review_case(petition_id):
        raise DomainError(
            CaseSendErrorCode.REVIEW_CASE,
            "复查、复核案件须由本机关作出意见，不能转办或上报（可以交办下级调查）",
            field="petitionId",
        )
    if kind is not LinkKind.ESCALATE:
        _refuse_skipped_level(actor, source, target, petition_id)
    today = timezone.localdate()
    requested_due_on = None
    if kind is LinkKind.ASSIGN:
        requested_due_on = due_on
        due_on = (
            requested_due_date(due_on)
            if due_on
            else due_date(ClockCode.ASSIGNMENT_RESULT, today)
        )
        if (requested_due_on or due_on) <= today:
            raise DomainError(
                CaseSendErrorCode.INVALID_DUE_DATE,
                "报结期限须晚于今天",
                field="dueOn",
            )
    receive = partial(
        petitions.linked_petition_receive,
        actor=actor,
        snapshot=petitions.petition_snapshot(petition_id),
        upward=kind is LinkKind.ESCALATE,
        source_unit=source,
        transfer_count=fact.transfer_count + 1,
        sent_on=today,
    )
    across = (
        crossing.in_ancestor_across_units
        if kind is LinkKind.ESCALATE
        else crossing.in_descendant_across_units
    )
    linked = across(receive, actor=actor, source=source, target=target)
    link = CaseLink.objects.create(
        kind=kind,
        source_unit=source,
        source_petition_id=petition_id,
        target_unit=target,
        target_petition_id=linked.petition_id,
        requirement=requirement,
        sent_on=today,
        due_on=due_on,
        requested_due_on=requested_due_on,
        objection_due_on=due_date(ClockCode.REMIT_OBJECTION, today),
        created_by=actor,
    )
    link_event(link, CrossLevelAction.SENT, actor=actor, unit=source)
    _carry_subjects(source, petition_id, target, linked.petition_id)
    # A transfer (转办) or escalation (上报) hands the matter over: the
    # sender's case ends here as 已转办/已上报, with where and when, not as
    # concluded (已办结). An assignment (交办) stays open until its result
    # report is accepted.
    ends_as = SENT_AWAY_ENDINGS.get(kind)
    reason = f"：{requirement}" if requirement else ""
    petitions.link_step_record(
        link,
        actor=actor,
        source=petitions.StepSide(
            EventAction.SENT_ACROSS,
            f"{kind.label}至{target.name}{reason}",
            changes=(
                {"status": ends_as, "sent_on": today, "sent_to": target}
                if ends_as
                else {}
            ),
            extra={"kind": kind.label},
        ),
        target=petitions.StepSide(
            EventAction.RECEIVED_ACROSS,
            f"收到{source.name}{kind.label}{reason}",
            extra={"kind": kind.label},
        ),
    )
    # The sender's fact was re-synced by link_step_record with the new link
    # (supervision.facts.petition_fact derives the transfer count from the links).
    fact.refresh_from_db()
    flag_if_problem_case(link, fact, actor=actor)
    notify_units(
        units=[target],
        # An escalation is the upper unit's to handle; a case sent down is also
        # the result reporters' (a township's liaison).
        permission=(
            Permission.CROSS_LEVEL_FLOW
            if kind is LinkKind.ESCALATE
            else RECEIVED_LINK_WORK
        ),
        kind=(
            NotificationKind.ESCALATION_RECEIVED
            if kind is LinkKind.ESCALATE
            else NotificationKind.CASE_RECEIVED
        ),
        title=f"{source.short_name}{kind.label}信访件 {linked.tracking_number}",
        body=requirement,
        subject_type="case_link",
        subject_id=str(link.pk),
        dedupe_key=f"link:{link.pk}:sent",
    )
    return link


def _is_review_case(petition_id: uuid.UUID) -> bool:
    return CaseLink.objects.filter(
        target_petition_id=petition_id, kind__in=REVIEW_LINK_KINDS
    ).exists()


def _carry_subjects(
    source: Unit, petition_id: uuid.UUID, target: Unit, target_petition_id: uuid.UUID
) -> None:
    """The receiving unit's case keeps the recorded accused units, so recusal
    and confidentiality hold for whatever it sends on."""
    CaseSubject.objects.bulk_create(
        CaseSubject(
            unit=target,
            petition_id=target_petition_id,
            accused_unit_id=subject.accused_unit_id,
            position=subject.position,
            managing_level=subject.managing_level,
            is_main_leader=subject.is_main_leader,
        )
        for subject in CaseSubject.objects.filter(unit=source, petition_id=petition_id)
    )


def link_event(
    link: CaseLink, action: str, *, actor: User | None, unit: Unit, note: str = ""
) -> CaseLinkEvent:
    """Append one step to a link's history."""
    return CaseLinkEvent.objects.create(
        link=link, action=action, actor=actor, unit=unit, note=note
    )


def link_change(
    link: CaseLink,
    state: LinkState,
    *,
    action: CrossLevelAction,
    actor: User,
    code: StrEnum,
    note: str = "",
    **fields,
) -> CaseLinkEvent:
    """Move a link to `state` along LINK_TRANSITIONS, save it with `fields`
    and log the step: every change of a link's state ends here."""
    if not link.can_become(state):
        raise DomainError(
            code,
            f"该流转当前为“{link.get_state_display()}”，不能{action.label}",
        )
    link.state = state
    for name, value in fields.items():
        setattr(link, name, value)
    link.save(update_fields=["state", *fields])
    return link_event(link, action, actor=actor, unit=acting_unit(actor), note=note)


def flag_if_problem_case(link: CaseLink, fact: CaseFact, *, actor: User) -> None:
    """From the third transfer or return on, a case is a problem case: flag it
    once on the link and tell the supervisors above."""
    count = fact.transfer_count + fact.return_count
    if count < PROBLEM_CASE_THRESHOLD:
        return
    if link.events.filter(action=CrossLevelAction.PROBLEM_FLAGGED).exists():
        return
    link_event(
        link,
        CrossLevelAction.PROBLEM_FLAGGED,
        actor=actor,
        unit=link.source_unit,
        note=f"转办、退回累计{count}次",
    )
    supervisors = list(unit_ancestors(link.source_unit)) or [link.source_unit]
    notify_units(
        units=supervisors[-1:],
        permission=Permission.SUPERVISION_ISSUE,
        kind=NotificationKind.PROBLEM_CASE,
        title=f"问题件：{fact.tracking_number} 已转办、退回{count}次，请提级督办",
        subject_type="case_link",
        subject_id=str(link.pk),
        dedupe_key=f"problem:{fact.petition_id}",
    )


def _related_unit(source: Unit, code: str, *, upward: bool) -> Unit:
    target = Unit.objects.filter(code=code).first()
    if target is None:
        raise not_found("单位", field="targetCode")
    if not (source.is_below(target) if upward else target.is_below(source)):
        raise DomainError(
            CaseSendErrorCode.INVALID_TARGET,
            "只能上报给上级单位" if upward else "只能转办、交办给本单位的下级单位",
            field="targetCode",
        )
    if not target.is_active:
        # A unit of the actor's own chain: say what is the matter with it.
        raise DomainError(
            CaseSendErrorCode.TARGET_DEACTIVATED,
            f"{target.name}已停用，不能再接收信访件；请转交其现在的承接单位",
            field="targetCode",
        )
    return target


def _refuse_skipped_level(
    actor: User, source: Unit, target: Unit, petition_id: uuid.UUID
) -> None:
    if target.depth == source.depth + 1:
        return
    suggested = petition_route_suggest(actor=actor, petition_id=petition_id)
    if suggested is None or suggested.pk != target.pk:
        raise DomainError(
            CaseSendErrorCode.SKIPS_LEVEL,
            "只能转交直接下级单位；跨级转交须由被反映人的干部管理权限决定",
            field="targetCode",
        )


# The body of an area whose main leaders a petition reports: the unit is that
# area's organization department, the leaders are the Party committee's and
# the government's. (name ending, committee, government)
_AREA_BODIES = (
    ("党工委组织办", "党工委", "办事处"),
    ("党委组织办", "党委", "人民政府"),
    ("委组织部", "委", "人民政府"),
)
_PARTY_PREFIX = "中共"


def area_leading_bodies(unit: Unit) -> str:
    """The Party committee and government of the unit's area, named as people
    name them: 中共南京市玄武区委、南京市玄武区人民政府."""
    name = unit.name.strip()
    party = _PARTY_PREFIX if name.startswith(_PARTY_PREFIX) else ""
    rest = name.removeprefix(_PARTY_PREFIX)
    for ending, committee, government in _AREA_BODIES:
        if rest.endswith(ending) and len(rest) > len(ending):
            place = rest.removesuffix(ending)
            return f"{party}{place}{committee}、{place}{government}"
    return f"{unit.short_name}所在地的党委、政府"


def material_guard(
    *,
    actor: User,
    source: Unit,
    target: Unit,
    petition_id: uuid.UUID,
    codes: MaterialCodes = CaseSendErrorCode,
    subjects_unit: Unit | None = None,
    check_unknown: bool = True,
) -> None:
    """Refuse, and log, moving a petition's material from `source` to `target`
    where the law forbids it; every path that moves material down or sideways
    runs it (transfer, assign, escalation, supervision orders that attach a
    case, repeat merges):

    - a petition reporting an area's main leader never goes to that area's
      unit or below it (回避, 1987 minutes);
    - accusation material never goes to the accused's unit (保密, Art 30, 46);
    - where the registrar recorded the accused's unit as unknown, nothing goes
      below `source` without a leader's recorded decision for that case and
      target (`petition_send_down_approve`).

    `subjects_unit` is the unit whose record of the case's accused applies
    (the source's by default; the supervised unit's for a supervision order,
    whose case lives there, so `check_unknown` is off: the material is there
    already). `codes` is the calling operation's error enum, which has the
    same three members. Runs outside the flow's transaction so
    that the refusal stays recorded although nothing else is.
    """
    subjects = list(
        CaseSubject.objects.filter(
            unit=subjects_unit or source, petition_id=petition_id
        ).select_related("accused_unit")
    )
    refusal = material_refusal(
        source=source,
        target=target,
        petition_id=petition_id,
        subjects=subjects,
        codes=codes,
        check_unknown=check_unknown,
    )
    if refusal is not None:
        _refuse(actor, source, target, petition_id, *refusal)


def material_refusal(
    *,
    source: Unit,
    target: Unit,
    petition_id: uuid.UUID,
    subjects: list[CaseSubject],
    codes: MaterialCodes = CaseSendErrorCode,
    check_unknown: bool = True,
    approved_targets: set[int] | None = None,
) -> tuple[StrEnum, str] | None:
    """The rule of `material_guard` that forbids moving the material to
    `target`, as (code, Chinese reason), or None; reads only, logs nothing,
    so a picker can ask it for every candidate unit. `approved_targets`, when
    given, are the unit ids a leader decided the case may go to (read once
    for many targets)."""
    for subject in subjects:
        accused_unit = subject.accused_unit
        if accused_unit is None:
            continue
        if subject.is_main_leader and target.is_in_subtree_of(accused_unit):
            return (
                codes.RECUSAL_MAIN_LEADER,
                f"该信访件反映{area_leading_bodies(accused_unit)}的主要负责人，"
                f"不得转交{accused_unit.name}或其下级单位办理（回避）",
            )
        if target.pk == accused_unit.pk:
            return (
                codes.CONFIDENTIAL_ACCUSED_UNIT,
                "检举控告材料和信访人信息不得转交被反映人所在单位（保密）",
            )
    if (
        check_unknown
        and target.is_below(source)
        and any(subject.accused_unit_id is None for subject in subjects)
    ):
        approved = (
            target.pk in approved_targets
            if approved_targets is not None
            else send_down_approved(
                source=source, target=target, petition_id=petition_id
            )
        )
        if not approved:
            return (
                codes.ACCUSED_UNIT_UNKNOWN,
                "被反映人所在单位不详，检举控告材料转交下级单位须经本单位领导"
                "决定并说明理由（保密）",
            )
    return None


def send_down_approved(*, source: Unit, target: Unit, petition_id: uuid.UUID) -> bool:
    """Whether a leader of `source` decided that this case whose accused's
    unit is unknown may go to `target`."""
    return RefusalLog.objects.filter(
        kind=RefusalKind.APPROVED,
        source_unit=source,
        target_unit=target,
        petition_id=petition_id,
    ).exists()


def _refuse(actor, source, target, petition_id, code, message) -> None:
    RefusalLog.objects.create(
        code=code.value,
        actor=actor,
        source_unit=source,
        target_unit=target,
        petition_id=petition_id,
        message=message,
    )
    logger.warning(
        "cross-level refusal %s: %s from %s to %s by %s",
        code.value,
        petition_id,
        source.code,
        target.code,
        actor.username,
    )
    raise DomainError(code, message, field="targetCode")


@transaction.atomic
def petition_send_down_approve(
    *, actor: User, petition_id: uuid.UUID, target_code: str, reason: str
) -> RefusalLog:
    """A leader decides (领导决定) that an accusation whose accused's unit is
    unknown (所在单位不详) may be transferred or assigned to one unit below,
    for a stated reason. The decision is a row of the refusal and decision
    log and an event on the case's timeline; deciding twice changes nothing."""
    fact = own_fact(actor, petition_id, for_update=True)
    source = acting_unit(actor)
    target = _related_unit(source, target_code, upward=False)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            SendDownApproveErrorCode.REASON_REQUIRED,
            "请写明决定转交下级单位的理由",
            field="reason",
        )
    if not CaseSubject.objects.filter(
        unit=source, petition_id=petition_id, accused_unit__isnull=True
    ).exists():
        raise DomainError(
            SendDownApproveErrorCode.NOT_NEEDED,
            "该信访件被反映人所在单位已明确，无需领导决定",
            field="petitionId",
        )
    if not fact.is_open:
        raise DomainError(
            SendDownApproveErrorCode.CASE_CLOSED,
            "信访件已办结，不能再转出",
            field="petitionId",
        )
    existing = RefusalLog.objects.filter(
        kind=RefusalKind.APPROVED,
        source_unit=source,
        target_unit=target,
        petition_id=petition_id,
    ).first()
    if existing is not None:
        return existing
    decision = RefusalLog.objects.create(
        kind=RefusalKind.APPROVED,
        code=SEND_DOWN_APPROVED_CODE,
        actor=actor,
        source_unit=source,
        target_unit=target,
        petition_id=petition_id,
        message=reason,
    )
    petitions.petition_send_down_approved_record(
        petition_id, actor=actor, target=target, reason=reason
    )
    return decision


def own_fact(
    actor: User, petition_id: uuid.UUID, *, for_update: bool = False
) -> CaseFact:
    """The fact of one of the actor's unit's petitions, or not found."""
    facts = CaseFact.objects.filter(
        petition_id=petition_id, unit_id=acting_unit_id(actor)
    )
    fact = (facts.select_for_update() if for_update else facts).first()
    if fact is None:
        raise not_found("信访件", field="petitionId")
    return fact


def link_for_update(*, link_id: int, unit: Unit, side: str) -> CaseLink:
    """Lock a link the actor's unit takes part in as `side` ('source'/'target')."""
    link = (
        CaseLink.objects.select_for_update()
        .select_related("source_unit", "target_unit")
        .filter(pk=link_id, **{f"{side}_unit": unit})
        .first()
    )
    if link is None:
        raise not_found("转办交办记录", field="linkId")
    return link


@transaction.atomic
def remit_objection_raise(*, actor: User, link_id: int, reason: str) -> RemitObjection:
    """The target objects, within 5 working days, that the item is outside its
    remit (Art 23); the source decides."""
    link = link_for_update(link_id=link_id, unit=acting_unit(actor), side="target")
    pending = link.objections.filter(state=ObjectionState.PENDING).first()
    if pending is not None:
        return pending
    if not link.can_object():
        raise DomainError(ObjectionErrorCode.LINK_CLOSED, "该流转已结束，不能提出异议")
    today = timezone.localdate()
    if not link.is_objection_window_open(today):
        raise DomainError(
            ObjectionErrorCode.WINDOW_CLOSED,
            f"异议期限已于{chinese_date(link.objection_due_on)}届满",
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            ObjectionErrorCode.REASON_REQUIRED,
            "请说明不属于本单位管辖的理由",
            field="reason",
        )
    objection = RemitObjection.objects.create(
        link=link, reason=reason, raised_by=actor, raised_on=today
    )
    link_change(
        link,
        LinkState.OBJECTED,
        action=CrossLevelAction.OBJECTION_RAISED,
        actor=actor,
        code=ObjectionErrorCode.LINK_CLOSED,
        note=reason,
    )
    petitions.link_step_record(
        link,
        actor=actor,
        source=petitions.StepSide(
            EventAction.OBJECTION_RAISED,
            f"{link.target_unit.name}提出管辖异议：{reason}",
        ),
        target=petitions.StepSide(
            EventAction.OBJECTION_RAISED,
            f"对{link.source_unit.name}{link.get_kind_display()}的事项提出管辖异议："
            f"{reason}",
        ),
    )
    notify_units(
        units=[link.source_unit],
        kind=NotificationKind.OBJECTION,
        title=f"{link.target_unit.short_name}对转交事项提出管辖异议",
        body=reason,
        subject_type="case_link",
        subject_id=str(link.pk),
        dedupe_key=f"objection:{objection.pk}",
    )
    return objection


@transaction.atomic
def remit_objection_decide(
    *, actor: User, objection_id: int, uphold: bool, note: str = ""
) -> RemitObjection:
    """The source upholds the objection (the item comes back) or rejects it."""
    objection = (
        RemitObjection.objects.select_for_update()
        .select_related("link")
        .filter(pk=objection_id, link__source_unit=acting_unit(actor))
        .first()
    )
    if objection is None:
        raise not_found("管辖异议", field="objectionId")
    if objection.state != ObjectionState.PENDING:
        raise DomainError(ObjectionErrorCode.NOT_PENDING, "该异议已作出决定")
    note = (note or "").strip()
    if not uphold and not note:
        raise DomainError(
            ObjectionErrorCode.REASON_REQUIRED,
            "异议不成立须说明理由",
            field="note",
        )
    link = link_for_update(
        link_id=objection.link_id, unit=acting_unit(actor), side="source"
    )
    objection.state = ObjectionState.UPHELD if uphold else ObjectionState.REJECTED
    objection.decided_by = actor
    objection.decided_at = timezone.now()
    objection.decision_note = note
    objection.save()
    if not uphold:
        link_change(
            link,
            LinkState.ACTIVE,
            action=CrossLevelAction.OBJECTION_REJECTED,
            actor=actor,
            code=ObjectionErrorCode.NOT_PENDING,
            note=note,
        )
        petitions.link_step_record(
            link,
            actor=actor,
            source=petitions.StepSide(
                EventAction.OBJECTION_REJECTED,
                f"{link.target_unit.name}的管辖异议不成立：{note}",
            ),
            target=petitions.StepSide(
                EventAction.OBJECTION_REJECTED,
                f"{link.source_unit.name}决定管辖异议不成立，请继续办理：{note}",
            ),
        )
    else:
        link_change(
            link,
            LinkState.WITHDRAWN,
            action=CrossLevelAction.OBJECTION_UPHELD,
            actor=actor,
            code=ObjectionErrorCode.NOT_PENDING,
            note=note,
            closed_on=timezone.localdate(),
        )
        reason = f"：{note}" if note else ""
        # The lower case closes; the sender's own case is open again.
        petitions.link_step_record(
            link,
            actor=actor,
            source=petitions.StepSide(
                EventAction.WITHDRAWN,
                f"{link.target_unit.name}管辖异议成立，收回本级办理{reason}",
                effect=petitions.StepEffect.TAKE_BACK,
            ),
            target=petitions.StepSide(
                EventAction.WITHDRAWN,
                f"管辖异议成立，由{link.source_unit.name}收回{reason}",
                effect=petitions.StepEffect.CLOSE,
            ),
        )
    notify_units(
        units=[link.target_unit],
        permission=RECEIVED_LINK_WORK,
        kind=NotificationKind.OBJECTION,
        title=f"管辖异议{'成立，事项已收回' if uphold else '不成立，请继续办理'}",
        body=note,
        subject_type="case_link",
        subject_id=str(link.pk),
        dedupe_key=f"objection:{objection.pk}:decided",
    )
    return objection
