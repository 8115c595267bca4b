"""Registration (登记) of letters, visits, calls and online petitions."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from core import unit_of_work
from core.errors import DomainError, not_found
from core.ids import parse_uuid
from supervision.errors import PetitionRegisterErrorCode as Code
from supervision.models import (
    Accused,
    Channel,
    EventAction,
    LegalType,
    Origin,
    Petition,
    Petitioner,
    PetitionerRole,
    PetitionEvent,
    PoliticalStatus,
    ReceptionDay,
    Topic,
    TrackingCounter,
)
from supervision.rules.identity import (
    InvalidCitizenId,
    InvalidPhone,
    validate_citizen_id,
    validate_phone,
)
from supervision.services.common import (
    ensure_not_future,
    petition_change,
    require_text,
)
from supervision.services.duplicates import DuplicateCandidate, duplicate_candidates
from supervision.services.identity import petitioner_identity_fields
from tenants.models import Unit, UnitLevel, User

# Art 20: a collective visit sends at most five representatives.
MAX_REPRESENTATIVES = 5
# A visit of five or more people is a collective visit (集体访).
COLLECTIVE_HEADCOUNT = 5


@dataclass
class PetitionerData:
    name: str
    citizen_id: str = ""
    phone: str = ""
    address: str = ""
    political_status: str = ""
    is_party_member: bool = False
    role: str = PetitionerRole.PRINCIPAL


@dataclass
class AccusedData:
    name: str
    unit_name: str
    managing_level: str
    post: str = ""
    rank: str = ""
    is_main_leader: bool = False
    # The unit of the tree the cadre serves in, or the registrar's explicit
    # "unknown"; resolved and checked by the tree's registration
    # (supervision.crosslevel.services.registration).
    unit_code: str = ""
    is_unit_unknown: bool = False


@dataclass
class RegistrationData:
    received_on: datetime.date
    channel: str
    legal_type: str
    topic: str
    title: str
    content: str
    origin: str = Origin.DIRECT
    origin_body: str = ""
    origin_reference: str = ""
    is_anonymous: bool = False
    is_joint: bool = False
    is_collective: bool = False
    headcount: int = 1
    petitioners: list[PetitionerData] = field(default_factory=list)
    accused: list[AccusedData] = field(default_factory=list)
    reception_day_id: str | None = None
    # Keyed digest of an online petition's query code (阳光信访查询码).
    query_code_digest: str = ""
    # The random public number (查询编号) the petitioner is given instead.
    public_number: str = ""


@dataclass(frozen=True)
class Registration:
    petition: Petition
    possible_duplicates: list[DuplicateCandidate]


def _choice(value: str, choices, field_name: str, label: str) -> str:
    if value not in choices.values:
        raise DomainError(Code.INVALID_CHOICE, f"{label}取值无效", field=field_name)
    return value


def _check_basics(data: RegistrationData) -> None:
    _choice(data.channel, Channel, "channel", "来源渠道")
    _choice(data.legal_type, LegalType, "legalType", "信访类型")
    _choice(data.topic, Topic, "topic", "问题类别")
    _choice(data.origin, Origin, "origin", "来源方式")
    ensure_not_future(data.received_on, Code.DATE_IN_FUTURE, "receivedOn", "收件日期")
    data.title = require_text(data.title, Code.REQUIRED, "title", "摘要")
    data.content = require_text(data.content, Code.REQUIRED, "content", "反映内容")
    if data.origin != Origin.DIRECT:
        data.origin_body = require_text(
            data.origin_body, Code.REQUIRED, "originBody", "转来机关"
        )


def _check_parties(data: RegistrationData) -> None:
    if not data.is_anonymous and not data.petitioners:
        raise DomainError(
            Code.REQUIRED, "实名信访须登记信访人信息", field="petitioners"
        )
    if data.legal_type == LegalType.APPEAL and data.is_anonymous:
        # An appeal is answered in writing to the person who makes it.
        raise DomainError(
            Code.REQUIRED, "申诉求决类信访须实名提出", field="isAnonymous"
        )
    if data.legal_type == LegalType.ACCUSATION and not data.accused:
        raise DomainError(
            Code.REQUIRED, "检举控告类信访须登记被反映人", field="accused"
        )
    representatives = sum(
        1 for p in data.petitioners if p.role == PetitionerRole.REPRESENTATIVE
    )
    if data.is_collective:
        if data.headcount < COLLECTIVE_HEADCOUNT:
            raise DomainError(
                Code.INVALID_HEADCOUNT,
                f"集体访人数应不少于{COLLECTIVE_HEADCOUNT}人",
                field="headcount",
            )
        if representatives > MAX_REPRESENTATIVES:
            raise DomainError(
                Code.TOO_MANY_REPRESENTATIVES,
                f"集体访推选代表不得超过{MAX_REPRESENTATIVES}人",
                field="petitioners",
            )
    if data.is_joint and len(data.petitioners) < 2:
        raise DomainError(
            Code.JOINT_NEEDS_COSIGNERS,
            "联名信须登记至少两名联名人",
            field="petitioners",
        )


def _clean_petitioner(index: int, person: PetitionerData) -> PetitionerData:
    prefix = f"petitioners.{index}"
    person.name = require_text(person.name, Code.REQUIRED, f"{prefix}.name", "姓名")
    if person.political_status:
        _choice(
            person.political_status,
            PoliticalStatus,
            f"{prefix}.politicalStatus",
            "政治面貌",
        )
    _choice(person.role, PetitionerRole, f"{prefix}.role", "信访人身份")
    try:
        if person.citizen_id.strip():
            person.citizen_id = validate_citizen_id(person.citizen_id)
    except InvalidCitizenId as error:
        raise DomainError(
            Code.INVALID_CITIZEN_ID, error.message, field=f"{prefix}.citizenId"
        ) from None
    try:
        if person.phone.strip():
            person.phone = validate_phone(person.phone)
    except InvalidPhone as error:
        raise DomainError(
            Code.INVALID_PHONE, error.message, field=f"{prefix}.phone"
        ) from None
    return person


def _clean_accused(index: int, person: AccusedData) -> AccusedData:
    prefix = f"accused.{index}"
    person.name = require_text(person.name, Code.REQUIRED, f"{prefix}.name", "姓名")
    person.unit_name = require_text(
        person.unit_name, Code.REQUIRED, f"{prefix}.unitName", "工作单位"
    )
    _choice(person.managing_level, UnitLevel, f"{prefix}.managingLevel", "干部管理权限")
    return person


def _next_tracking_number(unit_code: str, year: int) -> str:
    counter, _ = TrackingCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{unit_code}-{year}-{counter.last:05d}"


NUMBERING_STEP = "intake.numbering"
# A provisional number marks a petition numbered at the end of its unit of work.
PROVISIONAL_MARK = "-~"


def _tracking_number(unit_code: str, year: int, petition: list) -> str:
    """The petition's number now, or, inside a unit of work, a unique
    provisional one replaced just before commit (`_number_pending`), so the
    year's counter row is locked for a few statements, not the registration.
    `petition` is a one-element list the caller fills with the new row."""
    if not unit_of_work.active():
        return _next_tracking_number(unit_code, year)
    provisional = f"{unit_code}-{year}{PROVISIONAL_MARK}{uuid.uuid4().hex[:12]}"
    pending = unit_of_work.state(NUMBERING_STEP).setdefault("petitions", [])
    pending.append((unit_code, year, provisional, petition))
    unit_of_work.before_commit(
        NUMBERING_STEP, _number_pending, order=unit_of_work.ORDER_NUMBERING
    )
    return provisional


def _number_pending() -> None:
    """Give each petition of the unit of work its number, and put it where
    the provisional one was copied: the fact, the registration event and the
    unit's messages about the petition. One statement a petition, queued to
    go with the commit in one message (core.unit_of_work), so the year's
    counter is locked for that round trip only; the numbers are read back
    right after it."""
    from supervision.facts.models import CaseFact
    from supervision.inbox.models import Notification

    statement = f"""
        WITH n AS (
            INSERT INTO {TrackingCounter._meta.db_table} AS c (year, last)
            VALUES (%(year)s, 1)
            ON CONFLICT (year) DO UPDATE SET last = c.last + 1
            RETURNING last
        ), p AS (
            UPDATE {Petition._meta.db_table}
            SET tracking_number = %(prefix)s
                || lpad(n.last::text, greatest(5, length(n.last::text)), '0')
            FROM n WHERE id = %(id)s
            RETURNING tracking_number
        ), f AS (
            UPDATE {CaseFact._meta.db_table} SET tracking_number = p.tracking_number
            FROM p WHERE petition_id = %(id)s
        ), e AS (
            UPDATE {PetitionEvent._meta.db_table}
            SET after = jsonb_set(after, '{{tracking_number}}', to_jsonb(p.tracking_number))
            FROM p WHERE petition_id = %(id)s
            AND after ->> 'tracking_number' = %(provisional)s
        ), m AS (
            UPDATE {Notification._meta.db_table}
            SET title = replace(title, %(provisional)s, p.tracking_number)
            FROM p WHERE subject_id = %(id_text)s AND subject_type = 'petition'
            AND strpos(title, %(provisional)s) > 0
        )
        SELECT tracking_number FROM p
    """
    pending = unit_of_work.state(NUMBERING_STEP).pop("petitions", [])
    petitions = {}
    for unit_code, year, provisional, holder in pending:
        petition = holder[0]
        petitions[str(petition.pk)] = petition
        unit_of_work.send_with_commit(
            statement,
            {
                "year": year,
                "prefix": f"{unit_code}-{year}-",
                "id": petition.pk,
                "id_text": str(petition.pk),
                "provisional": provisional,
            },
        )
    if not petitions:
        return

    def numbered(rows: list) -> None:
        for pk, number in rows:
            petitions[pk].tracking_number = number

    unit_of_work.read_after_commit(
        f"SELECT id::text, tracking_number FROM {Petition._meta.db_table}"
        " WHERE id = ANY(%s::uuid[])",
        [list(petitions)],
        numbered,
    )


def _reception_day(data: RegistrationData) -> ReceptionDay | None:
    if not data.reception_day_id:
        return None
    pk = parse_uuid(data.reception_day_id, what="领导接访日", field="receptionDayId")
    day = ReceptionDay.objects.filter(pk=pk).first()
    if day is None:
        raise not_found("领导接访日", field="receptionDayId")
    return day


def _petitioner_rows(people: list[PetitionerData]) -> list[Petitioner]:
    return [
        Petitioner(
            position=index,
            role=person.role,
            name=person.name,
            political_status=person.political_status,
            is_party_member=person.is_party_member
            or person.political_status
            in (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY),
            **petitioner_identity_fields(
                citizen_id=person.citizen_id,
                phone=person.phone,
                address=person.address.strip(),
            ),
        )
        for index, person in enumerate(people)
    ]


@unit_of_work.unit_of_work()
def petition_register(
    *, actor: User | None, unit: Unit, data: RegistrationData
) -> Registration:
    """Register a petition, number it, and show possible duplicates in the unit.

    `actor` is None for an online petition the public submitted (网上信访)."""
    _check_basics(data)
    data.petitioners = [_clean_petitioner(i, p) for i, p in enumerate(data.petitioners)]
    data.accused = [_clean_accused(i, a) for i, a in enumerate(data.accused)]
    _check_parties(data)
    reception_day = _reception_day(data)
    petitioners = _petitioner_rows(data.petitioners)
    candidates = duplicate_candidates(
        content=data.content,
        citizen_id_keys=[p.citizen_id_key for p in petitioners if p.citizen_id_key],
        phone_keys=[p.phone_key for p in petitioners if p.phone_key],
    )
    holder: list[Petition] = []
    petition = Petition.objects.create(
        tracking_number=_tracking_number(unit.code, data.received_on.year, holder),
        channel=data.channel,
        legal_type=data.legal_type,
        topic=data.topic,
        origin=data.origin,
        origin_body=data.origin_body.strip() if data.origin != Origin.DIRECT else "",
        origin_reference=data.origin_reference.strip(),
        received_on=data.received_on,
        title=data.title,
        content=data.content,
        is_anonymous=data.is_anonymous,
        is_joint=data.is_joint,
        is_collective=data.is_collective,
        headcount=max(data.headcount, len(data.petitioners), 1),
        registrar=actor,
        query_code_digest=data.query_code_digest,
        public_number=data.public_number,
        reception_day=reception_day,
        possible_duplicate_of=candidates[0].petition if candidates else None,
    )
    holder.append(petition)
    for row in petitioners:
        row.petition = petition
    Petitioner.objects.bulk_create(petitioners)
    Accused.objects.bulk_create(
        Accused(
            petition=petition,
            position=index,
            name=person.name,
            unit_name=person.unit_name,
            post=person.post.strip(),
            rank=person.rank.strip(),
            managing_level=person.managing_level,
            is_main_leader=person.is_main_leader,
            unit_code=person.unit_code.strip(),
            is_unit_unknown=person.is_unit_unknown,
        )
        for index, person in enumerate(data.accused)
    )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.REGISTERED,
        extra={
            "status": petition.status,
            "tracking_number": petition.tracking_number,
            "channel": petition.channel,
            "legal_type": petition.legal_type,
            "topic": petition.topic,
            "origin": petition.origin,
            "possible_duplicate_of": (
                candidates[0].petition.tracking_number if candidates else None
            ),
        },
    )
    return Registration(petition=petition, possible_duplicates=candidates)
