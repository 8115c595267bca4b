"""The public's own online petitions (网上信访) and progress queries (阳光信访).

A member of the public files a petition with the unit the request names; it
is registered through the same services as staff registration (channel
online, no registrar), scanned for repeats across the tree, and queued for
the unit's registrars. The caller gets a tracking number and a one-time query
code; only a keyed digest of the code is stored. The progress answer holds
nothing personal and nothing about other cases.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction

from core.errors import DomainError
from supervision.crosslevel.errors import (
    OnlinePetitionProgressErrorCode,
    OnlinePetitionRateErrorCode,
    OnlinePetitionReviewRequestErrorCode,
)
from supervision.crosslevel.errors import OnlinePetitionSubmitErrorCode as Code
from supervision.crosslevel.services.challenge import online_challenge_check
from supervision.crosslevel.services.registration import petition_register_in_tree
from supervision.deadlines import petitioner_window
from supervision.inbox.models import NotificationKind
from supervision.inbox.services import notify_units
from supervision.models import (
    Channel,
    EventAction,
    HandlingResult,
    LegalType,
    Origin,
    Petition,
    Satisfaction,
    Stage,
    Status,
)
from supervision.rules.crypto import derive_key
from supervision.services import attachments as attachment_service
from supervision.services import review_chain
from supervision.services.common import petition_change, today
from supervision.services.intake import (
    AccusedData,
    PetitionerData,
    RegistrationData,
)
from tenants.crossing import public_change_in_unit, public_read_across_units
from tenants.models import Unit
from tenants.roles import Permission

MAX_TITLE_LENGTH = 100
MAX_CONTENT_LENGTH = 5000
MAX_FIELD_LENGTH = 100
MAX_ACCUSED = 10
MAX_REVIEW_REASON_LENGTH = 2000

# 20 characters from a 32-letter alphabet without look-alikes: 100 bits.
QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 20
QUERY_CODE_GROUP = 5

# Abuse limits per client address, counted in Redis (fixed windows).
SUBMIT_LIMIT = 5
SUBMIT_WINDOW_SECONDS = 3600
PROGRESS_LIMIT = 30
PROGRESS_WINDOW_SECONDS = 600
# Wrong answers are counted per (number, client address): after
# WRONG_CODE_FREE of them that client waits before its next try, the wait
# doubling with each further wrong answer up to WRONG_CODE_MAX_DELAY_SECONDS.
# Nobody can lock the genuine holder, elsewhere, out of its own number.
WRONG_CODE_FREE = 5
WRONG_CODE_BASE_DELAY_SECONDS = 30
WRONG_CODE_MAX_DELAY_SECONDS = 3600
WRONG_CODE_WINDOW_SECONDS = 24 * 3600

# Public numbers (查询编号): the unit's code, then random characters and one
# check character (Luhn mod 32) that catches a mistyped character.
PUBLIC_NUMBER_RANDOM_LENGTH = 11


@dataclass
class OnlineAccusedData:
    name: str
    unit_name: str
    post: str = ""
    unit_code: str = ""
    is_unit_unknown: bool = False


@dataclass
class OnlineFile:
    """A file the petitioner sends with the petition (附件): its name as sent
    and its content in chunks (an upload's `chunks()`)."""

    name: str
    chunks: object


@dataclass
class OnlineSubmission:
    legal_type: str
    topic: str
    title: str
    content: str
    is_anonymous: bool = False
    name: str = ""
    citizen_id: str = ""
    phone: str = ""
    address: str = ""
    accused: list[OnlineAccusedData] = field(default_factory=list)
    attachments: list[OnlineFile] = field(default_factory=list)


@dataclass(frozen=True)
class OnlineReceipt:
    """What the petitioner is shown once: the number and the query code."""

    tracking_number: str
    query_code: str
    received_on: datetime.date


@dataclass(frozen=True)
class OnlineOpinion:
    """The 处理意见书 (or 复查意见书) served on the petitioner, as text."""

    title: str
    request: str
    facts: str
    reasons: str
    legal_basis: str
    decision_label: str


@dataclass(frozen=True)
class OnlineProgress:
    """Progress as the public may see it: no names, no other parties."""

    tracking_number: str
    unit_name: str
    status: str
    status_label: str
    stage: str
    stage_label: str
    received_on: datetime.date
    decided_on: datetime.date | None
    accepted_on: datetime.date | None
    closed_on: datetime.date | None
    decision: str | None
    decision_label: str | None
    feedback_on: datetime.date | None
    feedback: str | None
    # 满意度 once concluded and answered, and whether it may be given now.
    satisfaction: str | None = None
    satisfaction_label: str | None = None
    may_rate: bool = False
    # 复查 (or 复核) of a 处理意见书 within 30 days of the written answer.
    review_stage: str | None = None
    review_stage_label: str | None = None
    review_due_on: datetime.date | None = None
    may_request_review: bool = False
    review_requested_on: datetime.date | None = None
    opinion: OnlineOpinion | None = None


class OnlineDecision(models.TextChoices):
    """The acceptance decision as the petitioner is told it."""

    ACCEPTED = "accepted", "受理"
    DECLINED = "declined", "不予受理"
    REFERRED = "referred", "告知向有权机关提出"


# What the petitioner is told of each internal status.
_PUBLIC_STATUS = {
    Status.REGISTERED: "已收到，待受理",
    Status.ACCEPTED: "已受理，正在办理",
    Status.HANDLING: "已受理，正在办理",
    Status.AWAITING_CLOSURE: "已受理，正在办理",
    Status.CLOSED: "已办结",
    Status.ARCHIVED: "已办结",
    Status.DECLINED: "不予受理",
    Status.REFERRED: "已告知向有权机关提出",
    Status.TRANSFERRED: "已转交下级单位办理",
    Status.ESCALATED: "已报送上级单位办理",
}


# -- query codes ---------------------------------------------------------


@functools.cache
def _digest_key(secret: str) -> bytes:
    return derive_key(secret, "online-petition-query-code")


def query_code_new() -> str:
    """A fresh random code, grouped for reading: XXXXX-XXXXX-XXXXX-XXXXX."""
    raw = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
    return "-".join(
        raw[i : i + QUERY_CODE_GROUP]
        for i in range(0, QUERY_CODE_LENGTH, QUERY_CODE_GROUP)
    )


def _normalized_code(code: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (code or "").upper())


def query_code_digest(code: str) -> str:
    """The keyed hash (HMAC-SHA256) stored instead of the code."""
    key = _digest_key(settings.ONLINE_QUERY_CODE_SECRET)
    return hmac.new(key, _normalized_code(code).encode(), hashlib.sha256).hexdigest()


def query_code_matches(code: str, digest: str) -> bool:
    if not digest or not _normalized_code(code):
        return False
    return hmac.compare_digest(query_code_digest(code), digest)


# -- abuse limits ------------------------------------------------------


def _count(key: str, window: int) -> int:
    """Add one to a counter that expires `window` seconds after its first hit."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def _too_many(code, what: str) -> DomainError:
    return DomainError(code, f"{what}过于频繁，请稍后再试")


def _client_number_keys(tracking_number: str, client_ip: str) -> tuple[str, str]:
    """Keys of one client's wrong-answer count for a number and of its wait;
    an unknown number counts and waits like a known one."""
    digest = hashlib.sha256(
        f"{tracking_number.strip().upper()}|{client_ip}".encode()
    ).hexdigest()[:32]
    return f"online:wrong-code:{digest}", f"online:wait:{digest}"


def _wait_text(seconds: int) -> str:
    if seconds >= 60:
        return f"{-(-seconds // 60)}分钟"
    return f"{seconds}秒"


def wrong_code_delay(wrong_answers: int) -> int:
    """Seconds a client waits after its `wrong_answers`-th wrong code (0 while
    within the free tries)."""
    if wrong_answers < WRONG_CODE_FREE:
        return 0
    return min(
        WRONG_CODE_BASE_DELAY_SECONDS * 2 ** (wrong_answers - WRONG_CODE_FREE),
        WRONG_CODE_MAX_DELAY_SECONDS,
    )


# -- public numbers ------------------------------------------------------


def _check_character(body: str) -> str:
    """Luhn mod N over QUERY_CODE_ALPHABET."""
    base = len(QUERY_CODE_ALPHABET)
    total = 0
    for position, char in enumerate(reversed(body)):
        value = QUERY_CODE_ALPHABET.index(char)
        if position % 2 == 0:
            value *= 2
            value = value // base + value % base
        total += value
    return QUERY_CODE_ALPHABET[(base - total % base) % base]


def public_number_new(unit_code: str) -> str:
    """A fresh public number: `<unit code>-<11 random characters><check>`."""
    body = "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(PUBLIC_NUMBER_RANDOM_LENGTH)
    )
    return public_number_from_body(unit_code, body)


def public_number_from_body(unit_code: str, body: str) -> str:
    """The public number of `body` (11 characters of the alphabet) with its
    check character; the demo's fixed numbers are made this way."""
    if len(body) != PUBLIC_NUMBER_RANDOM_LENGTH or any(
        char not in QUERY_CODE_ALPHABET for char in body
    ):
        raise ValueError(f"not a public number body: {body!r}")
    return f"{unit_code}-{body}{_check_character(body)}"


def public_number_is_well_formed(number: str) -> bool:
    """Whether `number` has the public form and a matching check character."""
    code, _, rest = number.partition("-")
    if not code.isdigit() or len(rest) != PUBLIC_NUMBER_RANDOM_LENGTH + 1:
        return False
    if any(char not in QUERY_CODE_ALPHABET for char in rest):
        return False
    return _check_character(rest[:-1]) == rest[-1]


# -- submission ----------------------------------------------------------


def _limit(value: str, limit: int, field_name: str, label: str) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise DomainError(
            Code.TOO_LONG, f"{label}不能超过{limit}个字", field=field_name
        )
    return text


def _required(value: str, field_name: str, label: str) -> str:
    if not value:
        raise DomainError(Code.REQUIRED, f"请填写{label}", field=field_name)
    return value


def _check(data: OnlineSubmission) -> None:
    data.title = _required(
        _limit(data.title, MAX_TITLE_LENGTH, "title", "标题"), "title", "标题"
    )
    data.content = _required(
        _limit(data.content, MAX_CONTENT_LENGTH, "content", "反映内容"),
        "content",
        "反映内容",
    )
    if data.is_anonymous:
        # Nothing identifying is kept of an anonymous petition.
        data.name = data.citizen_id = data.phone = data.address = ""
    else:
        # Real names (实名): the unit must be able to answer the petitioner.
        data.name = _required(
            _limit(data.name, MAX_FIELD_LENGTH, "name", "姓名"), "name", "姓名"
        )
        data.citizen_id = _required(data.citizen_id.strip(), "citizenId", "身份证号码")
        data.phone = _required(data.phone.strip(), "phone", "联系电话")
        data.address = _limit(data.address, MAX_FIELD_LENGTH * 2, "address", "住址")
    if len(data.accused) > MAX_ACCUSED:
        raise DomainError(
            Code.TOO_LONG, f"被反映人不能超过{MAX_ACCUSED}人", field="accused"
        )
    for index, person in enumerate(data.accused):
        prefix = f"accused.{index}"
        person.name = _limit(person.name, MAX_FIELD_LENGTH, f"{prefix}.name", "姓名")
        person.unit_name = _limit(
            person.unit_name, MAX_FIELD_LENGTH, f"{prefix}.unitName", "工作单位"
        )
        person.post = _limit(person.post, MAX_FIELD_LENGTH, f"{prefix}.post", "职务")


def _files_checked(files: list[OnlineFile]) -> list[tuple]:
    """Every file read and checked (count, size, type by content) before
    anything is written: a refused file refuses the whole submission."""
    if len(files) > attachment_service.ONLINE_MAX_FILES:
        raise DomainError(
            Code.TOO_MANY_FILES,
            f"附件不能超过{attachment_service.ONLINE_MAX_FILES}个",
            field="attachments",
        )
    return [
        attachment_service.online_file_checked(
            name=file.name, chunks=file.chunks, field="attachments", code=Code
        )
        for file in files
    ]


def _files_remove(stored: list) -> None:
    for attachment in stored:
        attachment_service.attachment_path(attachment).unlink(missing_ok=True)


def _files_store(petition: Petition, files: list[tuple]) -> list:
    """Store the checked files encrypted, as staff uploads are; if anything
    fails, the files already written are removed and the petition rolls back."""
    stored: list = []
    try:
        for name, data, suffix, content_type in files:
            stored.append(
                attachment_service.attachment_store(
                    petition=petition,
                    actor=None,
                    name=name,
                    data=data,
                    suffix=suffix,
                    content_type=content_type,
                )
            )
    except BaseException:
        _files_remove(stored)
        raise
    return stored


# Registration's field names, as the online input calls them.
_FIELDS = {
    "petitioners.0.name": "name",
    "petitioners.0.citizenId": "citizenId",
    "petitioners.0.phone": "phone",
    "petitioners": "name",
}


def _translated(error: DomainError) -> DomainError:
    """A registration error in this operation's codes and field names."""
    value = str(getattr(error.code, "value", error.code))
    code = Code(value) if value in Code.__members__ else Code.INVALID_CHOICE
    field = error.field
    return DomainError(
        code, error.message, field=None if field is None else _FIELDS.get(field, field)
    )


def _registration(
    unit: Unit, data: OnlineSubmission, digest: str, public_number: str
) -> RegistrationData:
    petitioners = []
    if not data.is_anonymous:
        petitioners.append(
            PetitionerData(
                name=data.name,
                citizen_id=data.citizen_id,
                phone=data.phone,
                address=data.address,
            )
        )
    return RegistrationData(
        received_on=today(),
        channel=Channel.ONLINE,
        legal_type=data.legal_type,
        topic=data.topic,
        title=data.title,
        content=data.content,
        origin=Origin.DIRECT,
        is_anonymous=data.is_anonymous,
        petitioners=petitioners,
        # The public cannot tell a cadre's managing level (干部管理权限): the
        # receiving unit's level until staff record better.
        accused=[
            AccusedData(
                name=person.name,
                unit_name=person.unit_name,
                managing_level=unit.level,
                post=person.post,
                unit_code=person.unit_code,
                is_unit_unknown=person.is_unit_unknown,
            )
            for person in data.accused
        ],
        query_code_digest=digest,
        public_number=public_number,
    )


@transaction.atomic
def online_petition_submit(
    *, unit: Unit | None, data: OnlineSubmission, client_ip: str, challenge: str
) -> OnlineReceipt:
    """Register the public's online petition with `unit`, scan the tree for
    repeats, and tell the unit's registrars. The receipt reveals nothing of
    matches or other cases. Every attempt counts against the caller's limit."""
    if _count(f"online:submit:{client_ip}", SUBMIT_WINDOW_SECONDS) > SUBMIT_LIMIT:
        raise _too_many(Code.TOO_MANY_REQUESTS, "提交")
    online_challenge_check(challenge, Code.CHALLENGE_FAILED)
    if unit is None:
        raise DomainError(Code.UNIT_REQUIRED, "请选择受理信访的组织部门")
    _check(data)
    files = _files_checked(data.attachments)
    code = query_code_new()
    public_number = public_number_new(unit.code)
    try:
        registered = petition_register_in_tree(
            actor=None,
            unit=unit,
            data=_registration(unit, data, query_code_digest(code), public_number),
        )
    except DomainError as error:
        raise _translated(error) from None
    petition = registered.registration.petition
    stored = _files_store(petition, files)
    try:
        notify_units(
            units=[unit],
            permission=Permission.PETITION_REGISTER,
            kind=NotificationKind.CASE_RECEIVED,
            title=f"网上信访：{petition.tracking_number} {petition.title}",
            subject_type="petition",
            subject_id=str(petition.pk),
            dedupe_key=f"online:{petition.pk}",
        )
    except BaseException:
        _files_remove(stored)
        raise
    return OnlineReceipt(
        tracking_number=public_number,
        query_code=code,
        received_on=petition.received_on,
    )


# -- progress ------------------------------------------------------------


def tracking_number_unit(tracking_number: str) -> Unit | None:
    """The active unit whose code starts the number: a public number
    (`<code>-<random>`) or an older internal one (`<code>-<year>-<n>`)."""
    code = (tracking_number or "").strip().split("-", 1)[0]
    if not code.isdigit():
        return None
    return Unit.objects.filter(code=code, is_active=True).first()


def _decision(petition: Petition) -> tuple[str | None, str | None]:
    if petition.status == Status.REGISTERED:
        return None, None
    if petition.status == Status.DECLINED:
        return (
            OnlineDecision.DECLINED,
            f"不予受理：{petition.get_decline_ground_display()}",
        )
    if petition.status == Status.REFERRED:
        label = petition.get_refer_target_display()
        if petition.refer_to:
            label = f"{label}（{petition.refer_to}）"
        return OnlineDecision.REFERRED, label
    if petition.accepted_on is not None:
        return OnlineDecision.ACCEPTED, OnlineDecision.ACCEPTED.label
    return None, None


def _concluded_and_answered(petition: Petition) -> bool:
    """Concluded (办结) and the written answer given to a named petitioner."""
    return (
        petition.status in (Status.CLOSED, Status.ARCHIVED)
        and not petition.is_anonymous
        and petition.has_feedback_after_closure()
    )


def _review_window(petition: Petition) -> tuple[Stage, datetime.date] | None:
    """(stage, last day) of the 复查/复核 the petitioner may still ask for:
    only a 申诉求决 answered by a 处理意见书 (or 复查意见书), only once."""
    if petition.is_anonymous or petition.legal_type != LegalType.APPEAL:
        return None
    window = petitioner_window(petition)
    if window is None:
        return None
    return review_chain.requested_stage(petition), window[1].end


def _opinion(petition: Petition) -> OnlineOpinion | None:
    """The written answer of a 申诉求决 once served (反馈): its 意见书."""
    if petition.legal_type != LegalType.APPEAL:
        return None
    result = (
        HandlingResult.objects.filter(petition=petition, stage=petition.stage)
        .exclude(request="")
        .order_by("-created_at")
        .first()
    )
    if result is None:
        return None
    if result.review_decision:
        title = f"{petition.get_stage_display()}意见书"
        decision = result.get_review_decision_display()
    else:
        title = "信访事项处理意见书"
        decision = result.get_decision_display()
    return OnlineOpinion(
        title=title,
        request=result.request,
        facts=result.facts,
        reasons=result.reasons,
        legal_basis=result.legal_basis,
        decision_label=decision,
    )


def _progress(petition: Petition, unit_name: str) -> OnlineProgress:
    decision, decision_label = _decision(petition)
    # An anonymous petitioner cannot be given feedback (反馈): only the status.
    answered = petition.feedback_on is not None and not petition.is_anonymous
    concluded = _concluded_and_answered(petition)
    window = _review_window(petition) if concluded else None
    requested_on = petition.online_review_requested_on
    return OnlineProgress(
        tracking_number=petition.public_number or petition.tracking_number,
        unit_name=unit_name,
        status=petition.status,
        status_label=_PUBLIC_STATUS[Status(petition.status)],
        stage=petition.stage,
        stage_label=Stage(petition.stage).label,
        received_on=petition.received_on,
        decided_on=petition.decided_on,
        accepted_on=petition.accepted_on,
        closed_on=petition.closed_on,
        decision=decision,
        decision_label=decision_label,
        feedback_on=petition.feedback_on if answered else None,
        feedback=petition.feedback_content if answered else None,
        satisfaction=petition.satisfaction or None if concluded else None,
        satisfaction_label=(
            petition.get_satisfaction_display() or None if concluded else None
        ),
        may_rate=concluded and not petition.satisfaction,
        review_stage=window[0] if window else None,
        review_stage_label=window[0].label if window else None,
        review_due_on=window[1] if window else None,
        may_request_review=window is not None
        and requested_on is None
        and today() <= window[1],
        review_requested_on=requested_on,
        opinion=_opinion(petition) if concluded else None,
    )


def _guarded(*, tracking_number: str, query_code: str, client_ip: str, code, read):
    """Run `read(number, query_code)` behind the per-client limits. None (any
    mismatch: unknown number, wrong code) counts towards this client's wait
    for this number, whatever the number is, so nothing tells them apart."""
    if _count(f"online:progress:{client_ip}", PROGRESS_WINDOW_SECONDS) > PROGRESS_LIMIT:
        raise _too_many(code.TOO_MANY_REQUESTS, "查询")
    number = (tracking_number or "").strip().upper()
    wrong_key, wait_key = _client_number_keys(number, client_ip)
    wait_until = cache.get(wait_key)
    if wait_until is not None and wait_until > time.time():
        raise DomainError(
            code.TOO_MANY_REQUESTS,
            "查询码错误次数过多，"
            f"请{_wait_text(max(1, round(wait_until - time.time())))}后再试",
        )
    result = read(number, query_code)
    if result is None:
        delay = wrong_code_delay(_count(wrong_key, WRONG_CODE_WINDOW_SECONDS))
        if delay:
            cache.set(wait_key, time.time() + delay, timeout=delay)
    else:
        cache.delete(wrong_key)
    return result


def online_petition_progress(
    *, tracking_number: str, query_code: str, client_ip: str
) -> OnlineProgress | None:
    """The progress of an online petition, or None for any mismatch: an
    unknown number and a wrong code answer the same, and count the same
    towards this client's wait for this number."""
    return _guarded(
        tracking_number=tracking_number,
        query_code=query_code,
        client_ip=client_ip,
        code=OnlinePetitionProgressErrorCode,
        read=_progress_read,
    )


def _wanted(number: str) -> models.Q | None:
    if "-" in number and number.count("-") == 1:
        if not public_number_is_well_formed(number):
            return None  # a mistyped public number matches nothing
        return models.Q(public_number=number)
    # Numbers given before public numbers existed keep working.
    return models.Q(tracking_number=number, public_number="")


def _holder_petition(number: str, query_code: str, *, for_update: bool = False):
    """The online petition with this number whose code matches, in the
    current unit's schema, or None."""
    wanted = _wanted(number)
    if wanted is None:
        return None
    petitions = Petition.objects.filter(wanted, channel=Channel.ONLINE).exclude(
        query_code_digest=""
    )
    if for_update:
        petitions = petitions.select_for_update()
    petition = petitions.first()
    if petition is None or not query_code_matches(
        query_code, petition.query_code_digest
    ):
        return None
    return petition


def _progress_read(number: str, query_code: str) -> OnlineProgress | None:
    unit = tracking_number_unit(number)
    if unit is None or not _normalized_code(query_code):
        return None

    def read(ref) -> OnlineProgress | None:
        petition = _holder_petition(number, query_code)
        return None if petition is None else _progress(petition, ref.name)

    return public_read_across_units(read, unit=unit)


def _change(number: str, query_code: str, apply) -> OnlineProgress | None:
    """Apply `apply(petition, unit)` to the holder's petition in its unit's
    schema; None when the number and code match nothing."""
    unit = tracking_number_unit(number)
    if unit is None or not _normalized_code(query_code):
        return None

    def change(ref) -> OnlineProgress | None:
        petition = _holder_petition(number, query_code, for_update=True)
        if petition is None:
            return None
        apply(petition, unit)
        petition.refresh_from_db()
        return _progress(petition, ref.name)

    return public_change_in_unit(change, unit=unit)


def _not_found(code) -> DomainError:
    return DomainError(code.NOT_FOUND, "查询编号或查询码不正确", field="queryCode")


# -- satisfaction (满意度) -------------------------------------------------


@transaction.atomic
def online_petition_rate(
    *, tracking_number: str, query_code: str, satisfaction: str, client_ip: str
) -> OnlineProgress:
    """The petitioner rates the concluded, answered petition once (满意 /
    基本满意 / 不满意); a staff return visit (回访) that recorded it first
    stands."""
    Rate = OnlinePetitionRateErrorCode
    if satisfaction not in Satisfaction.values:
        raise DomainError(Rate.INVALID_CHOICE, "请选择满意度", field="satisfaction")

    def apply(petition: Petition, unit: Unit) -> None:
        if not _concluded_and_answered(petition):
            raise DomainError(
                Rate.NOT_CONCLUDED,
                "信访事项办结并书面答复后才能评价",
                field="satisfaction",
            )
        if petition.satisfaction:
            raise DomainError(
                Rate.ALREADY_RATED,
                f"已评价为“{petition.get_satisfaction_display()}”，不能重复评价",
                field="satisfaction",
            )
        petition_change(
            petition,
            actor=None,
            action=EventAction.ONLINE_RATED,
            changes={"satisfaction": satisfaction},
            note=f"信访人网上评价：{Satisfaction(satisfaction).label}",
        )

    progress = _guarded(
        tracking_number=tracking_number,
        query_code=query_code,
        client_ip=client_ip,
        code=Rate,
        read=lambda number, code: _change(number, code, apply),
    )
    if progress is None:
        raise _not_found(Rate)
    return progress


# -- 复查 request -----------------------------------------------------------


@transaction.atomic
def online_petition_review_request(
    *, tracking_number: str, query_code: str, reason: str, client_ip: str
) -> OnlineProgress:
    """The petitioner asks online, within 30 days of the written answer to a
    申诉求决 (处理意见书), for 复查 by the unit one level up (复核 after a 复查
    opinion), by the workbench's rules (Art 35, 36). The request is recorded
    with today's date and the answering unit's registrars are told; they
    register it upstream (申请复查) with that date."""
    Review = OnlinePetitionReviewRequestErrorCode
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            Review.REASON_REQUIRED, "请写明请求复查的理由", field="reason"
        )
    if len(reason) > MAX_REVIEW_REASON_LENGTH:
        raise DomainError(
            Review.REASON_REQUIRED,
            f"理由不能超过{MAX_REVIEW_REASON_LENGTH}个字",
            field="reason",
        )

    def apply(petition: Petition, unit: Unit) -> None:
        if petition.is_anonymous:
            raise DomainError(Review.NOT_APPEAL, "匿名信访不能请求复查", field="reason")
        if petition.online_review_requested_on is not None:
            raise DomainError(
                Review.ALREADY_REQUESTED,
                f"已于{petition.online_review_requested_on.isoformat()}提出请求，"
                "请等待办理",
                field="reason",
            )
        try:
            review_chain.review_request_check(
                petition_id=petition.pk, requested_on=today()
            )
        except DomainError as error:
            value = str(getattr(error.code, "value", error.code))
            raise DomainError(
                Review(value) if value in Review.__members__ else Review.INVALID_STATE,
                error.message,
                field="reason",
            ) from None
        stage = review_chain.requested_stage(petition)
        upper = unit.parent
        if upper is None or not upper.is_active:
            raise DomainError(
                Review.NO_HIGHER_UNIT,
                f"{unit.name}是本系统最高一级组织部门，"
                f"请向中共中央组织部提出{stage.label}请求",
                field="reason",
            )
        petition_change(
            petition,
            actor=None,
            action=EventAction.ONLINE_REVIEW_REQUESTED,
            changes={"online_review_requested_on": today()},
            note=f"信访人网上申请{stage.label}（由{upper.name}办理）：{reason}",
        )
        notify_units(
            units=[unit],
            permission=Permission.PETITION_REGISTER,
            kind=NotificationKind.CASE_RECEIVED,
            title=f"网上申请{stage.label}：{petition.tracking_number} {petition.title}",
            subject_type="petition",
            subject_id=str(petition.pk),
            dedupe_key=f"online-review:{petition.pk}",
        )

    progress = _guarded(
        tracking_number=tracking_number,
        query_code=query_code,
        client_ip=client_ip,
        code=Review,
        read=lambda number, code: _change(number, code, apply),
    )
    if progress is None:
        raise _not_found(Review)
    return progress
