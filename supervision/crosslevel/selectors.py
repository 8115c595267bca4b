"""Reads of cross-level flows, scoped to what the actor's unit takes part in."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from django.db.models import (
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone

from core.errors import not_found, permission_denied
from supervision.crosslevel import petitions
from supervision.crosslevel.due_dates import working_days_left
from supervision.crosslevel.models import (
    REVIEW_LINK_KINDS,
    CaseLink,
    CaseSubject,
    LinkKind,
    MatchState,
    PetitionerKey,
    RefusalKind,
    RefusalLog,
    RepeatMatch,
    ResultReport,
    SupervisionOrder,
    SupervisionOrderEvent,
    SupervisionOrderReply,
)
from supervision.crosslevel.services import links, urges
from supervision.crosslevel.services import orders as order_service
from supervision.crosslevel.services.links import PROBLEM_CASE_THRESHOLD
from supervision.facts.models import CaseFact
from supervision.models import LegalType
from tenants import crossing
from tenants.models import LEVEL_DEPTH, PATH_SEPARATOR, Unit, User
from tenants.roles import Permission
from tenants.scoping import subtree_q

# How many petitions of one person make a long-term petitioner (信访老户).
LONG_TERM_MIN_PETITIONS = 3


def _acting_unit(actor: User) -> Unit | None:
    if not actor.is_authenticated or not actor.is_active or actor.unit_id is None:
        return None
    return actor.unit


def _attach_facts(links: list[CaseLink]) -> list[CaseLink]:
    """Give each link the live facts of both its petitions, in one query."""
    ids = [link.target_petition_id for link in links] + [
        link.source_petition_id for link in links
    ]
    facts = {
        fact.petition_id: fact for fact in CaseFact.objects.filter(petition_id__in=ids)
    }
    for link in links:
        link.target_fact = facts.get(link.target_petition_id)
        link.source_fact = facts.get(link.source_petition_id)
    return links


def case_link_list(
    *,
    actor: User,
    direction: str | None = None,
    petition_id: uuid.UUID | None = None,
) -> list[CaseLink]:
    """Links the actor's unit sent ('sent') or received ('received'), newest first."""
    links = case_link_page_list(
        actor=actor, direction=direction, petition_id=petition_id
    )
    return _attach_facts(list(links[:500]))


def case_link_page_list(
    *,
    actor: User,
    direction: str | None = None,
    petition_id: uuid.UUID | None = None,
    states: list[str] | None = None,
    kinds: list[str] | None = None,
) -> QuerySet[CaseLink]:
    """Links the actor's unit sent ('sent'), received ('received') or either,
    newest first, optionally of one of its petitions, of some states and kinds;
    for paginated lists, whose page gets its facts with `case_links_with_facts`."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        return CaseLink.objects.none()
    if direction == "sent":
        scope = Q(source_unit=unit)
    elif direction == "received":
        scope = Q(target_unit=unit)
    else:
        scope = Q(source_unit=unit) | Q(target_unit=unit)
    links = CaseLink.objects.filter(scope)
    if petition_id is not None:
        links = links.filter(
            Q(source_petition_id=petition_id) | Q(target_petition_id=petition_id)
        )
    if states:
        links = links.filter(state__in=states)
    if kinds:
        links = links.filter(kind__in=kinds)
    return links.select_related("source_unit", "target_unit").prefetch_related(
        "events__unit", "events__actor", "reports", "objections"
    )


def case_links_with_facts(links: list[CaseLink]) -> list[CaseLink]:
    """A page of links, each with the live facts of both its petitions."""
    return _attach_facts(links)


class LinkAction(StrEnum):
    """What the viewer's unit may do on a link now (本单位可办理的操作)."""

    RAISE_OBJECTION = "raise_objection"
    SUBMIT_REPORT = "submit_report"
    DECIDE_OBJECTION = "decide_objection"
    DECIDE_REPORT = "decide_report"

    @property
    def label(self) -> str:
        return {
            "raise_objection": "提出管辖异议",
            "submit_report": "报结",
            "decide_objection": "决定管辖异议",
            "decide_report": "审核报结",
        }[self.value]


def case_link_actions(*, actor: User, link: CaseLink) -> list[LinkAction]:
    """The steps the services would let the actor take on `link` today: the
    receiver objects inside the window or reports a closed assigned case; the
    sender decides what is pending. The page shows only these."""
    unit = _acting_unit(actor)
    if unit is None:
        return []
    actions = []
    flow = actor.has_unit_permission(Permission.CROSS_LEVEL_FLOW)
    if link.target_unit_id == unit.pk:
        if flow and link_objection_open(link):
            actions.append(LinkAction.RAISE_OBJECTION)
        target = getattr(link, "target_fact", None)
        if (
            link.can_report()
            and actor.has_unit_permission(Permission.REPORT_SUBMIT)
            and target is not None
            and not target.is_open
        ):
            actions.append(LinkAction.SUBMIT_REPORT)
    if link.source_unit_id == unit.pk and flow:
        if link.can_decide_objection():
            actions.append(LinkAction.DECIDE_OBJECTION)
        if link.can_decide_report():
            actions.append(LinkAction.DECIDE_REPORT)
    return actions


class OrderViewerAction(StrEnum):
    """What the viewer's unit may do on a supervision order now."""

    REPLY = "reply"
    URGE = "urge"

    @property
    def label(self) -> str:
        return {"reply": "回复", "urge": "催办"}[self.value]


def supervision_order_actions(
    *, actor: User, order: SupervisionOrder
) -> list[OrderViewerAction]:
    """The steps the services would let the actor take on `order` today: the
    supervised unit replies until it is answered; the issuer (or a unit above
    it) urges it when `order_urge_refusal` says nothing against it."""
    unit = _acting_unit(actor)
    if unit is None:
        return []
    actions = []
    if (
        order.target_unit_id == unit.pk
        and order.can_reply()
        and actor.has_unit_permission(Permission.REPORT_SUBMIT)
    ):
        actions.append(OrderViewerAction.REPLY)
    if urges.order_urge_allowed_unit(
        actor=actor, order=order
    ) and not urges.order_urge_refusal(order, today=timezone.localdate()):
        actions.append(OrderViewerAction.URGE)
    return actions


def supervision_order_urge_refusal(*, actor: User, order: SupervisionOrder) -> str:
    """Why the actor, who may urge the order, cannot today (今日已催办, not due
    soon...), in Chinese; empty when it can, or when urging is not its part."""
    if not urges.order_urge_allowed_unit(actor=actor, order=order):
        return ""
    refusal = urges.order_urge_refusal(order, today=timezone.localdate())
    return refusal[1] if refusal else ""


def link_objection_open(link: CaseLink) -> bool:
    """Whether the receiver may still object (管辖异议, 5 working days, Art 23)."""
    return link.is_objection_window_open(timezone.localdate())


def link_objection_days_left(link: CaseLink) -> int | None:
    """Working days left to object after today (0: today is the last day);
    None once no objection can be raised."""
    if not link_objection_open(link):
        return None
    return working_days_left(link.objection_due_on, timezone.localdate())


def case_link_get(*, actor: User, link_id: int) -> CaseLink:
    """One link the actor's unit takes part in; otherwise not found."""
    unit = _acting_unit(actor)
    link = (
        CaseLink.objects.filter(Q(source_unit=unit) | Q(target_unit=unit), pk=link_id)
        .select_related("source_unit", "target_unit")
        .prefetch_related("events__unit", "events__actor", "reports", "objections")
        .first()
        if unit is not None and actor.has_unit_permission(Permission.PETITION_VIEW)
        else None
    )
    if link is None:
        raise not_found("转办交办记录")
    return _attach_facts([link])[0]


def supervision_order_list(
    *,
    actor: User,
    direction: str | None = None,
    overdue_only: bool = False,
    state: str | None = None,
) -> QuerySet[SupervisionOrder]:
    """Orders the actor's unit issued ('issued') or received ('received'),
    or that units below it issued ('subtree', 下级签发: read-only but for
    urging, which a unit above the issuer may do, for staff who issue orders),
    each with the supervised case's tracking number (督办件编号) when it has
    one: the units of the order and those above them may see that case's facts.
    Without a direction, all three. The replies' files stay with the order's
    two units (`supervision_order_reply_attachment_file`)."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        return SupervisionOrder.objects.none()
    below = (
        Q(issuer_unit__path__startswith=unit.path + PATH_SEPARATOR)
        if actor.has_unit_permission(Permission.SUPERVISION_ISSUE)
        else None
    )
    if direction == "issued":
        scope = Q(issuer_unit=unit)
    elif direction == "received":
        scope = Q(target_unit=unit)
    elif direction == "subtree":
        if below is None:
            return SupervisionOrder.objects.none()
        scope = below
    else:
        scope = Q(issuer_unit=unit) | Q(target_unit=unit)
        if below is not None:
            scope |= below
    orders = SupervisionOrder.objects.filter(scope)
    if state:
        orders = orders.filter(state=state)
    if overdue_only:
        orders = orders.filter(state="open", due_on__lt=timezone.localdate())
    tracking_number = CaseFact.objects.filter(
        petition_id=OuterRef("petition_id"), unit=OuterRef("target_unit")
    ).values("tracking_number")[:1]
    return (
        orders.annotate(petition_tracking_number=Subquery(tracking_number))
        .select_related("issuer_unit", "target_unit", "issued_by")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=SupervisionOrderReply.objects.select_related("replied_by"),
            ),
            Prefetch(
                "events", queryset=SupervisionOrderEvent.objects.select_related("actor")
            ),
        )
    )


def supervision_order_tracking_number(order: SupervisionOrder) -> str | None:
    """The supervised case's tracking number (督办件编号), None for a topic."""
    if order.petition_id is None:
        return None
    return (
        CaseFact.objects.filter(
            petition_id=order.petition_id, unit=order.target_unit_id
        )
        .values_list("tracking_number", flat=True)
        .first()
    )


def supervision_order_get(*, actor: User, order_id: int) -> SupervisionOrder:
    """One order of the actor's unit, either side, or one issued below it for
    staff who issue orders; not found otherwise."""
    order = supervision_order_list(actor=actor).filter(pk=order_id).first()
    if order is None:
        raise not_found("督办单")
    return order


def repeat_match_list(*, actor: User, petition_id: uuid.UUID) -> QuerySet[RepeatMatch]:
    """Earlier petitions matched with one of the actor's unit's petitions."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        return RepeatMatch.objects.none()
    return RepeatMatch.objects.filter(
        unit=unit, petition_id=petition_id
    ).select_related("unit", "matched_unit")


def repeat_match_get(*, actor: User, match_id: int) -> RepeatMatch:
    """One of the actor's unit's repeat matches, with its earlier petition's fact."""
    unit = _acting_unit(actor)
    match = (
        RepeatMatch.objects.filter(unit=unit, pk=match_id)
        .select_related("unit", "matched_unit")
        .first()
        if unit is not None and actor.has_unit_permission(Permission.PETITION_VIEW)
        else None
    )
    if match is None:
        raise not_found("重复信访关联", field="matchId")
    match.matched_fact = matched_facts([match]).get(match.matched_petition_id)
    return match


def merged_petition_ids(*, actor: User, petition_id: uuid.UUID) -> list[uuid.UUID]:
    """The later petitions of the actor's unit merged into this one (并案)."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        return []
    return list(
        RepeatMatch.objects.filter(
            unit=unit,
            matched_unit=unit,
            matched_petition_id=petition_id,
            state=MatchState.MERGED,
        )
        .order_by("created_at", "id")
        .values_list("petition_id", flat=True)
    )


# The subtree view lists the newest matches; older ones stay on each case.
SUBTREE_MATCH_LIMIT = 200


def subtree_repeat_match_list(*, actor: User) -> list[RepeatMatch]:
    """Matches between two different units of the actor's subtree, newest
    first, with both petitions' facts: a match across units is never merged,
    so the units' common ancestors keep it in view."""
    matches = list(subtree_repeat_matches(actor=actor)[:SUBTREE_MATCH_LIMIT])
    return with_both_facts(matches)


def subtree_repeat_matches(*, actor: User) -> QuerySet[RepeatMatch]:
    """All matches between two different units of the actor's subtree, newest
    first, for paging; `with_both_facts` completes the page read."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.SUBTREE_VIEW):
        return RepeatMatch.objects.none()
    return (
        RepeatMatch.objects.filter(
            subtree_q(unit, prefix="unit__"), subtree_q(unit, prefix="matched_unit__")
        )
        .exclude(unit=F("matched_unit"))
        .select_related("unit", "matched_unit")
        .order_by("-created_at", "-id")
    )


def with_both_facts(matches: list[RepeatMatch]) -> list[RepeatMatch]:
    """`matches` with both petitions' facts attached, in one query."""
    ids = [m.petition_id for m in matches] + [m.matched_petition_id for m in matches]
    facts = {f.petition_id: f for f in CaseFact.objects.filter(petition_id__in=ids)}
    for match in matches:
        match.petition_fact = facts.get(match.petition_id)
        match.matched_fact = facts.get(match.matched_petition_id)
    return matches


def matched_facts(matches) -> dict[uuid.UUID, CaseFact]:
    ids = [match.matched_petition_id for match in matches]
    return {f.petition_id: f for f in CaseFact.objects.filter(petition_id__in=ids)}


@dataclass(frozen=True)
class LongTermPetitioner:
    """A person (known only by a keyed hash) with many petitions in the subtree."""

    label: str
    petition_count: int
    unit_count: int
    first_received_on: datetime.date
    last_received_on: datetime.date


def long_term_petitioner_list(
    *, actor: User, min_petitions: int = LONG_TERM_MIN_PETITIONS
) -> list[LongTermPetitioner]:
    """信访老户 of the actor's subtree, most petitions first."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        return []
    rows = (
        PetitionerKey.objects.filter(subtree_q(unit, prefix="unit_"))
        .values("key")
        .annotate(
            petitions=Count("petition_id", distinct=True),
            units=Count("unit_id", distinct=True),
            first=Min("received_on"),
            last=Max("received_on"),
        )
        .filter(petitions__gte=min_petitions)
        .order_by("-petitions", "key")[:200]
    )
    return [
        LongTermPetitioner(
            label=row["key"][:12],
            petition_count=row["petitions"],
            unit_count=row["units"],
            first_received_on=row["first"],
            last_received_on=row["last"],
        )
        for row in rows
    ]


def problem_case_list(*, actor: User) -> QuerySet[CaseFact]:
    """Open cases of the subtree transferred or returned three times or more."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.SUBTREE_VIEW):
        return CaseFact.objects.none()
    return (
        CaseFact.objects.filter(subtree_q(unit, prefix="unit_"), is_open=True)
        .annotate(moves=F("transfer_count") + F("return_count"))
        .filter(moves__gte=PROBLEM_CASE_THRESHOLD)
        .select_related("unit")
        .order_by("-moves", "received_on")
    )


def refusal_log_list(*, actor: User) -> QuerySet[RefusalLog]:
    """Refused transfers (回避、保密) tried from the actor's subtree, and the
    leaders' decisions that allow one, for the leaders and supervisors who
    watch it."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.SUBTREE_VIEW):
        return RefusalLog.objects.none()
    return RefusalLog.objects.filter(
        subtree_q(unit, prefix="source_unit__")
    ).select_related("actor", "source_unit", "target_unit")


def review_chain_list(*, petition_id: uuid.UUID) -> list[CaseLink]:
    """The 复查/复核 links of the matter a petition belongs to, first request
    first. The caller has read the petition in its own unit (scoping done)."""
    chain = list(
        CaseLink.objects.filter(
            Q(source_petition_id=petition_id) | Q(target_petition_id=petition_id),
            kind__in=REVIEW_LINK_KINDS,
        ).select_related("source_unit", "target_unit")
    )
    # A matter has at most a 复查 and a 复核 link; the middle case (the 复查
    # unit's) touches both, the others need the one beyond theirs.
    known = {link.pk for link in chain}
    ends = {link.source_petition_id for link in chain} | {
        link.target_petition_id for link in chain
    }
    ends.discard(petition_id)
    if ends and len(chain) < 2:
        chain += [
            link
            for link in CaseLink.objects.filter(
                Q(source_petition_id__in=ends) | Q(target_petition_id__in=ends),
                kind__in=REVIEW_LINK_KINDS,
            ).select_related("source_unit", "target_unit")
            if link.pk not in known
        ]
    chain.sort(key=lambda link: (link.kind != LinkKind.REVIEW, link.pk))
    prefetch_related_objects(chain, "events__unit", "reports", "objections")
    return _attach_facts(chain)


def _within(unit: Unit, ancestor: Unit) -> bool:
    """`unit` is `ancestor` or one of its descendants."""
    return unit.path == ancestor.path or unit.path.startswith(
        ancestor.path + PATH_SEPARATOR
    )


def repeat_holder_shown(*, actor: User, match: RepeatMatch) -> bool:
    """Whether the actor may learn which unit holds a match's earlier petition.

    A repeat scan tells a unit only that a possible repeat exists. Which unit
    holds it is shown to units above both petitions (the common supervisors,
    the scanning unit included when it supervises the holder), never sideways
    or down, so a dummy petition with someone's phone does not say where that
    person wrote in. An accusation is never named to a unit inside the
    accused's area: only units above the accused's managing level see it.
    """
    viewer = _acting_unit(actor)
    if viewer is None:
        return False
    if match.matched_unit_id == viewer.pk:
        return True
    if not (_within(match.matched_unit, viewer) and _within(match.unit, viewer)):
        return False
    fact = getattr(match, "matched_fact", None)
    if fact is None:
        fact = CaseFact.objects.filter(petition_id=match.matched_petition_id).first()
        match.matched_fact = fact
    if fact is None:
        return False
    if fact.legal_type != LegalType.ACCUSATION:
        return True
    # Without a managing level on record, nobody can be shown to be outside.
    accused_depth = LEVEL_DEPTH.get(fact.accused_level)
    return accused_depth is not None and viewer.depth < accused_depth


# How far below the sender the picker lists units: its direct subordinates and
# theirs (a unit two levels down may be chosen only where 干部管理权限 says).
SEND_PICKER_DEPTH = 2


@dataclass(frozen=True)
class SendCandidate:
    """A unit the case could be sent to, and whether the rules allow it."""

    unit: Unit
    allowed: bool
    reason: str
    suggested: bool


@dataclass(frozen=True)
class SendCandidates:
    """The picker's units for one way of sending a case (转办/交办/上报); a
    `refusal` that applies to every unit (closed case, review case)."""

    kind: str
    refusal: str
    suggested: Unit | None
    candidates: list[SendCandidate]


def petition_send_candidates(
    *, actor: User, petition_id: uuid.UUID, kind: str
) -> SendCandidates | None:
    """The units a transfer, assignment or escalation of the actor's case may
    name, each allowed or refused with the reason the mutation would give
    (回避、保密、越级、停用), by the same rules (`links.material_refusal`),
    the managing unit by 干部管理权限 first. None when the actor may not send
    cases or the case is not the actor's unit's. Reads only: nothing is
    logged until a send is tried."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.CROSS_LEVEL_FLOW):
        return None
    fact = CaseFact.objects.filter(petition_id=petition_id, unit_id=unit.pk).first()
    if fact is None:
        return None
    kind = LinkKind(kind)
    upward = kind is LinkKind.ESCALATE
    refusal = ""
    if not fact.is_open:
        refusal = "信访件已办结，不能再转出"
    elif kind != LinkKind.ASSIGN and (
        CaseLink.objects.filter(
            target_petition_id=petition_id, kind__in=REVIEW_LINK_KINDS
        ).exists()
    ):
        refusal = "复查、复核案件须由本机关作出意见，不能转办或上报（可以交办下级调查）"
    if upward:
        units = list(
            Unit.objects.filter(code__in=unit.ancestor_codes()).order_by("depth")
        )
    else:
        units = list(
            Unit.objects.filter(
                subtree_q(unit),
                depth__gt=unit.depth,
                depth__lte=unit.depth + SEND_PICKER_DEPTH,
            ).order_by("path")
        )
    suggested = links.petition_route_suggest(actor=actor, petition_id=petition_id)
    subjects = list(
        CaseSubject.objects.filter(unit=unit, petition_id=petition_id).select_related(
            "accused_unit"
        )
    )
    approved = set(
        RefusalLog.objects.filter(
            kind=RefusalKind.APPROVED,
            source_unit=unit,
            petition_id=petition_id,
        ).values_list("target_unit_id", flat=True)
    )
    candidates = []
    for target in units:
        reason = refusal
        if not reason and not target.is_active:
            reason = f"{target.name}已停用，不能再接收信访件"
        if not reason:
            found = links.material_refusal(
                source=unit,
                target=target,
                petition_id=petition_id,
                subjects=subjects,
                approved_targets=approved,
            )
            reason = found[1] if found else ""
        is_suggested = suggested is not None and suggested.pk == target.pk
        if (
            not reason
            and not upward
            and target.depth != unit.depth + 1
            and not is_suggested
        ):
            reason = "只能转交直接下级单位；跨级转交须由被反映人的干部管理权限决定"
        candidates.append(
            SendCandidate(
                unit=target,
                allowed=not reason,
                reason=reason,
                suggested=is_suggested,
            )
        )
    candidates.sort(key=lambda c: not c.suggested)
    if suggested is not None and not any(c.suggested for c in candidates):
        suggested = None
    return SendCandidates(
        kind=kind.value,
        refusal=refusal,
        suggested=suggested,
        candidates=candidates,
    )


def result_report_attachment_file(
    *, actor: User, report_id: int, attachment_id: uuid.UUID
) -> petitions.AttachmentFile:
    """A file a result report (报结) sent up, for either unit of the link.

    The assigner reads it in the assignee's schema, and only as far as it may
    see its own case's identity (an accusation's letters name the writer); the
    assignee reads its own file by the usual path. Anything else is not found.
    """
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        raise not_found("附件")
    report = (
        ResultReport.objects.select_related("link__source_unit", "link__target_unit")
        .filter(Q(link__source_unit=unit) | Q(link__target_unit=unit), pk=report_id)
        .first()
    )
    if report is None or str(attachment_id) not in {
        item["id"] for item in report.attachments
    }:
        raise not_found("附件")
    link = report.link
    if link.target_unit_id == unit.pk:
        found = petitions.own_attachment_read(
            actor=actor,
            petition_id=link.target_petition_id,
            attachment_id=attachment_id,
        )
    else:
        if not petitions.identity_visible_on(
            actor=actor, petition_id=link.source_petition_id
        ):
            raise permission_denied(
                "检举控告类信访件的附件仅限可查看信访人身份的人员下载"
            )
        found = crossing.in_descendant_across_units(
            partial(
                petitions.linked_attachment_read,
                petition_id=link.target_petition_id,
                attachment_id=attachment_id,
            ),
            actor=actor,
            source=link.source_unit,
            target=link.target_unit,
        )
    if found is None:
        raise not_found("附件")
    return found


def supervision_order_reply_attachment_file(
    *, actor: User, reply_id: int, attachment_id: uuid.UUID
) -> petitions.AttachmentFile:
    """A file a supervision order's reply sent with it, for either unit of
    the order.

    A case order's file: the issuer reads it in the supervised unit's
    schema; an accusation's files (its letters name the writer) only for
    staff who may see petitioners' identity. The supervised unit reads its
    own file by the usual path. A topic order's file is the reply's own, for
    both units alike. Anything else is not found.
    """
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        raise not_found("附件")
    reply = (
        SupervisionOrderReply.objects.select_related(
            "order__issuer_unit", "order__target_unit"
        )
        .filter(Q(order__issuer_unit=unit) | Q(order__target_unit=unit), pk=reply_id)
        .first()
    )
    if reply is None or str(attachment_id) not in {
        item["id"] for item in reply.attachments
    }:
        raise not_found("附件")
    order = reply.order
    petition_id = order.petition_id
    if petition_id is None:
        # A topic order's reply keeps its own files: no case, no petitioner.
        found = order_service.reply_file_read(reply, attachment_id)
    elif order.target_unit_id == unit.pk:
        found = petitions.own_attachment_read(
            actor=actor, petition_id=petition_id, attachment_id=attachment_id
        )
    else:
        is_accusation = CaseFact.objects.filter(
            petition_id=petition_id,
            unit=order.target_unit,
            legal_type=LegalType.ACCUSATION,
        ).exists()
        if is_accusation and not actor.has_unit_permission(
            Permission.PETITION_VIEW_IDENTITY
        ):
            raise permission_denied(
                "检举控告类信访件的附件仅限可查看信访人身份的人员下载"
            )
        found = crossing.in_descendant_across_units(
            partial(
                petitions.linked_attachment_read,
                petition_id=petition_id,
                attachment_id=attachment_id,
            ),
            actor=actor,
            source=order.issuer_unit,
            target=order.target_unit,
        )
    if found is None:
        raise not_found("附件")
    return found
