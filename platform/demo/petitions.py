"""Demo petitions: about a year of cases in every state, in every demo unit.

Most cases are written in bulk (a few hundred through the services would take
too long for `make run`), with the same helpers the services use for the due
dates and the fact rows, so facts stay equal to a rebuild. A few cases per unit
go through the services themselves. Idempotent: a unit that has petitions is
left alone.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from demo.units import UNITS_FILE
from supervision.crosslevel.models import CaseSubject
from supervision.deadlines import refresh_due
from supervision.facts.models import CaseFact
from supervision.facts.petition_fact import petition_fact_values
from supervision.models import (
    Accused,
    AppealDecision,
    DeclineGround,
    EventAction,
    ExtensionStatus,
    Finding,
    HandlingRecord,
    HandlingRecordKind,
    HandlingResult,
    LegalType,
    Petition,
    Petitioner,
    PetitionerRole,
    PetitionEvent,
    ReferTarget,
    Satisfaction,
    Stage,
    Status,
    TrackingCounter,
)
from supervision.rules.identity import make_citizen_id
from supervision.services import acceptance, routing
from supervision.services.identity import petitioner_identity_fields
from supervision.services.intake import PetitionerData, RegistrationData
from supervision.services.intake import petition_register as register_service
from tenants.crossing import UnitRef, run_across_units
from tenants.models import Unit, UnitLevel, User
from tenants.unit_files import read_unit_specs

CASES_PER_LEVEL = {
    UnitLevel.PROVINCE: 8,
    UnitLevel.CITY: 12,
    UnitLevel.COUNTY: 24,
    UnitLevel.TOWNSHIP: 5,
}
DAYS_BACK = 365
# Of the demo's accused cadres, this share is recorded as serving in a unit the
# registrar did not know (所在单位不详), as real registrations may be; the
# rest serve in a unit of the tree.
UNKNOWN_UNIT_SHARE = 0.15

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
)
GIVEN = [
    "建国",
    "秀英",
    "志强",
    "海燕",
    "国华",
    "丽萍",
    "建华",
    "晓东",
    "春梅",
    "永刚",
    "文静",
    "德明",
    "玉兰",
    "卫东",
    "红霞",
    "振华",
    "桂芳",
    "立新",
    "淑珍",
    "明辉",
]
STREETS = ["中山路", "解放路", "人民路", "建设路", "长江路", "和平街"]
POSTS = [
    "党委书记",
    "镇长",
    "副局长",
    "党总支书记",
    "办公室主任",
    "组织委员",
    "村委会主任",
]
PLACES = [
    "某街道党工委",
    "某镇人民政府",
    "教育局",
    "住房和城乡建设局",
    "某村党总支",
    "卫生健康委员会",
]

# topic -> legal type -> (title, content); {area}, {accused}, {post}, {place}
TEMPLATES = {
    "cadre_selection": {
        "accusation": (
            "反映干部选拔任用中违规提拔问题",
            "反映{area}{place}{post}{accused}在干部选拔任用工作中，动议环节未经集体研究，"
            "违规提拔身边工作人员，民主推荐走过场，群众意见较大，请求组织部门调查处理。",
        ),
        "appeal": (
            "对竞争上岗结果有异议",
            "本人参加{area}{place}科级干部竞争上岗，笔试、面试成绩均排名第一，"
            "但最终未被确定为考察对象，也未获任何说明，请求组织部门说明理由并重新审查。",
        ),
        "suggestion": (
            "关于完善干部选拔任用公示的建议",
            "建议在干部选拔任用工作中进一步扩大民主，任前公示覆盖到所在单位全体干部职工，"
            "并公开监督举报电话，提高选人用人公信度。",
        ),
    },
    "election": {
        "accusation": (
            "反映换届选举中拉票贿选问题",
            "反映{area}{place}在村（社区）“两委”换届选举中，{accused}涉嫌请客送礼拉票、"
            "违规代投委托票，严重破坏选举秩序，请求依纪依法严肃查处。",
        ),
        "appeal": (
            "对候选人资格审查结论有异议",
            "本人在{area}换届选举中被取消候选人资格，认为资格联审结论所依据的事实不清，"
            "请求组织部门复核并恢复参选资格。",
        ),
        "suggestion": (
            "关于严把换届人选入口关的建议",
            "建议换届前对候选人开展纪检、公安、信访等多部门联审，严防“带病”参选。",
        ),
    },
    "party_members": {
        "accusation": (
            "反映发展党员违反程序问题",
            "反映{area}{place}在发展党员工作中违反程序，{post}{accused}的亲属未经培养考察"
            "即被确定为发展对象并火线入党，请求核查。",
        ),
        "appeal": (
            "入党申请长期未获答复",
            "本人于五年前递交入党申请书，连续多年被列为入党积极分子，"
            "但一直未被确定为发展对象，请求党组织说明原因。",
        ),
        "suggestion": (
            "关于加强流动党员管理的建议",
            "建议建立外出务工流动党员联系服务机制，定期推送学习资料，组织线上组织生活。",
        ),
    },
    "grassroots": {
        "accusation": (
            "反映基层党组织长期不开展组织生活",
            "反映{area}{place}党组织长期不过组织生活，“三会一课”制度流于形式，"
            "书记{accused}履职不力，党员意见很大。",
        ),
        "appeal": (
            "请求解决党群服务中心建设问题",
            "本村党群服务中心建设资金承诺已两年仍未落实，群众办事无场所，请求协调解决。",
        ),
        "suggestion": (
            "关于整顿软弱涣散党组织的建议",
            "建议加大对软弱涣散基层党组织整顿力度，选派优秀干部担任第一书记。",
        ),
    },
    "retiree_benefits": {
        "accusation": (
            "反映挪用老干部活动经费问题",
            "反映{area}{place}挪用老干部活动经费用于接待，{post}{accused}负有直接责任。",
        ),
        "appeal": (
            "离休干部医疗待遇未落实",
            "本人系离休干部，反映近两年医疗费用报销未按离休干部政策落实，请求予以解决。",
        ),
        "suggestion": (
            "关于改善老干部活动中心条件的建议",
            "建议改善老干部活动中心设施，丰富离退休干部文体活动。",
        ),
    },
    "enterprise_veterans": {
        "appeal": (
            "企业军转干部生活困难补助未发放",
            "本人系企业军转干部，反映生活困难补助自去年起未按政策发放，请求落实相关待遇。",
        ),
    },
    "talent": {
        "accusation": (
            "反映人才项目评审弄虚作假",
            "反映{area}{place}在人才项目申报评审中弄虚作假，{accused}违规为亲属申报项目资金。",
        ),
        "appeal": (
            "引进人才安家补贴未兑现",
            "本人系引进的高层次人才，签约时承诺的安家补贴至今未兑现，请求协调落实。",
        ),
    },
    "civil_service": {
        "accusation": (
            "反映违规借调、超编进人问题",
            "反映{area}{place}长期违规借调基层公务员，并超编进人，{post}{accused}负有领导责任。",
        ),
        "appeal": (
            "对公务员录用考察结论有异议",
            "本人参加公务员招录，体检合格后被告知考察不合格，未说明具体理由，请求复查。",
        ),
    },
    "self_building": {
        "accusation": (
            "反映组织部门工作人员作风问题",
            "反映组织部门工作人员{accused}在办理党员组织关系转接时态度生硬、推诿扯皮。",
        ),
        "suggestion": (
            "关于公开信访办理流程的建议",
            "建议组织部门在门户网站公开信访受理渠道、办理流程和时限，方便群众监督。",
        ),
    },
    "other": {
        "suggestion": (
            "关于加强年轻干部实践锻炼的建议",
            "建议有计划地选派年轻干部到信访、征收等基层一线岗位锻炼，提升群众工作能力。",
        ),
    },
}
TOPIC_WEIGHTS = {
    "cadre_selection": 30,
    "election": 14,
    "party_members": 12,
    "grassroots": 10,
    "retiree_benefits": 8,
    "enterprise_veterans": 5,
    "talent": 5,
    "civil_service": 8,
    "self_building": 4,
    "other": 4,
}
STEPS = (
    "registered",
    "accepted",
    "handling",
    "awaiting_closure",
    "closed",
    "answered",
    "archived",
)


@dataclass
class Staff:
    registrar: User
    handler: User
    leader: User


@dataclass
class Draft:
    petition: Petition
    people: list[Petitioner] = field(default_factory=list)
    accused: list[Accused] = field(default_factory=list)
    results: list[HandlingResult] = field(default_factory=list)
    records: list[HandlingRecord] = field(default_factory=list)
    events: list[tuple[PetitionEvent, datetime.date]] = field(default_factory=list)


def _area(unit: Unit) -> str:
    return unit.short_name.replace("委组织部", "").replace("党工委组织办", "")


def _person(rng: random.Random, region: str, index: int) -> Petitioner:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    birth = datetime.date(
        rng.randint(1945, 1995), rng.randint(1, 12), rng.randint(1, 28)
    )
    citizen_id = make_citizen_id(region, birth, rng.randint(1, 999))
    phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
    return Petitioner(
        position=index,
        role=PetitionerRole.PRINCIPAL,
        name=name,
        **petitioner_identity_fields(
            citizen_id=citizen_id,
            phone=phone,
            address=f"{rng.choice(STREETS)}{rng.randint(1, 300)}号"
            f"{rng.randint(1, 30)}幢{rng.randint(101, 1802)}室",
        ),
        political_status=(status := rng.choice(["party_member", "masses", "masses"])),
        is_party_member=status == "party_member",
    )


def _target(rng: random.Random, age: int, legal_type: str) -> str:
    if age < 8:
        return rng.choice(["registered", "registered", "accepted", "handling"])
    if age < 20:
        return rng.choices(
            ["registered", "declined", "referred", "handling", "awaiting_closure"],
            [5, 10, 10, 60, 15],
        )[0]
    target = rng.choices(
        [
            "declined",
            "referred",
            "handling",
            "extension",
            "awaiting_closure",
            "closed",
            "answered",
            "archived",
            "review",
        ],
        [8, 8, 10, 5, 5, 8, 10, 40, 6],
    )[0]
    if target == "review" and legal_type != LegalType.APPEAL:
        return "archived"
    return target


def _accused_unit(
    rng: random.Random, *, unit: Unit, level: str, below: list[Unit]
) -> Unit | None:
    """The unit of the tree in whose area the accused serves: the registering
    unit for a cadre managed at its own level, one of its units below for a
    cadre managed there; None for the registrar's explicit unknown."""
    if rng.random() < UNKNOWN_UNIT_SHARE:
        return None
    if level == unit.level:
        return unit
    candidates = [u for u in below if u.level == level]
    return rng.choice(candidates) if candidates else None


def _draft(
    rng: random.Random,
    *,
    unit: Unit,
    subject_rng: random.Random,
    below: list[Unit],
    area: str,
    staff: Staff,
    received_on: datetime.date,
    today: datetime.date,
) -> Draft:
    topic = rng.choices(list(TOPIC_WEIGHTS), list(TOPIC_WEIGHTS.values()))[0]
    legal_type = rng.choice(list(TEMPLATES[topic]))
    accused_name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    post, place = rng.choice(POSTS), rng.choice(PLACES)
    title, content = TEMPLATES[topic][legal_type]
    content = content.format(area=area, accused=accused_name, post=post, place=place)
    is_anonymous = legal_type == LegalType.ACCUSATION and rng.random() < 0.3
    channel = rng.choices(["letter", "visit", "call", "online"], [40, 25, 10, 25])[0]
    is_collective = channel == "visit" and legal_type == "appeal" and rng.random() < 0.2
    petition = Petition(
        channel=channel,
        legal_type=legal_type,
        topic=topic,
        received_on=received_on,
        title=title,
        content=content,
        is_anonymous=is_anonymous,
        is_collective=is_collective,
        headcount=rng.randint(6, 30) if is_collective else 1,
        registrar=staff.registrar,
    )
    draft = Draft(petition=petition)
    if not is_anonymous:
        draft.people.append(_person(rng, unit.code[:6], 0))
        if is_collective:
            draft.people[0].role = PetitionerRole.REPRESENTATIVE
    if legal_type == LegalType.ACCUSATION:
        level = (
            unit.level
            if unit.level == UnitLevel.TOWNSHIP
            else rng.choice(
                [
                    unit.level,
                    UnitLevel.TOWNSHIP if unit.level == "county" else unit.level,
                ]
            )
        )
        # A registration records the accused's unit from the tree or an
        # explicit unknown; the demo writes the same, so that the
        # guard treats its accusations as real ones.
        accused_unit = _accused_unit(subject_rng, unit=unit, level=level, below=below)
        draft.accused.append(
            Accused(
                position=0,
                name=accused_name,
                unit_name=f"{area}{place}",
                post=post,
                managing_level=level,
                is_main_leader=post in ("党委书记", "党总支书记"),
                unit_code=accused_unit.code if accused_unit else "",
                is_unit_unknown=accused_unit is None,
            )
        )
    _walk(rng, draft, staff, area, today)
    return draft


def _event(draft: Draft, day, actor, action, after, stage=Stage.ORIGINAL):
    draft.events.append(
        (
            PetitionEvent(
                petition=draft.petition,
                action=action,
                actor=actor,
                stage=stage,
                after=after,
            ),
            day,
        )
    )


def _walk(rng, draft: Draft, staff: Staff, area: str, today) -> None:
    """Move the draft along its path, stopping where the dates reach today."""
    p = draft.petition
    age = (today - p.received_on).days
    target = _target(rng, age, p.legal_type)
    _event(
        draft,
        p.received_on,
        staff.registrar,
        EventAction.REGISTERED,
        {"status": "registered"},
    )
    decided = p.received_on + datetime.timedelta(days=rng.randint(1, 12))
    if target == "registered" or decided > today:
        return
    if target in ("declined", "referred"):
        p.decided_on = decided
        if target == "declined":
            p.status, p.decline_ground = (
                Status.DECLINED,
                rng.choice(DeclineGround.values),
            )
        else:
            p.status = Status.REFERRED
            if p.legal_type == LegalType.ACCUSATION:
                p.refer_target, p.refer_to = ReferTarget.DISCIPLINE, f"{area}纪委监委"
            else:
                p.refer_target, p.refer_to = ReferTarget.LITIGATION, f"{area}人民法院"
        _event(draft, decided, staff.registrar, target, {"status": target})
        return
    p.status, p.accepted_on, p.decided_on = Status.ACCEPTED, decided, decided
    _event(
        draft, decided, staff.registrar, EventAction.ACCEPTED, {"status": "accepted"}
    )
    routed = decided + datetime.timedelta(days=rng.randint(0, 3))
    if target == "accepted" or routed > today:
        return
    p.status, p.routed_on = Status.HANDLING, routed
    p.department_id, p.handler = staff.handler.department_id, staff.handler
    _event(draft, routed, staff.registrar, EventAction.ROUTED, {"status": "handling"})
    visit_day = min(today, routed + datetime.timedelta(days=rng.randint(2, 15)))
    draft.records.append(
        HandlingRecord(
            petition=p,
            stage=Stage.ORIGINAL,
            kind=rng.choice(HandlingRecordKind.values[:3]),
            occurred_on=visit_day,
            content="调阅相关档案资料，约谈相关当事人，核实反映情况。",
            created_by=staff.handler,
        )
    )
    _event(draft, visit_day, staff.handler, EventAction.HANDLING_RECORDED, {})
    if target == "extension":
        asked = decided + datetime.timedelta(days=50)
        if asked <= today:
            p.extension_status, p.extension_days = ExtensionStatus.APPROVED, 30
            p.extension_reason = "涉及人员多、需赴外地调查取证"
            p.extension_requested_by, p.extension_approved_by = (
                staff.handler,
                staff.leader,
            )
            p.extension_petitioner_told_on = asked + datetime.timedelta(days=1)
            _event(draft, asked, staff.handler, EventAction.EXTENSION_REQUESTED, {})
            _event(
                draft,
                asked + datetime.timedelta(days=1),
                staff.leader,
                EventAction.EXTENSION_APPROVED,
                {"extension_status": "approved"},
            )
        return
    concluded = routed + datetime.timedelta(days=rng.randint(10, 50))
    if target == "handling" or concluded > today:
        return
    draft.results.append(_result(rng, p, staff.handler))
    p.status = Status.AWAITING_CLOSURE
    _event(draft, concluded, staff.handler, EventAction.CONCLUDED, {})
    _event(
        draft,
        concluded,
        staff.handler,
        EventAction.CLOSURE_SUBMITTED,
        {"status": "awaiting_closure"},
    )
    closed = concluded + datetime.timedelta(days=rng.randint(1, 6))
    if target == "awaiting_closure" or closed > today:
        return
    p.status, p.closed_on, p.closed_by = Status.CLOSED, closed, staff.leader
    _event(
        draft, closed, staff.leader, EventAction.CLOSURE_APPROVED, {"status": "closed"}
    )
    answered = closed + datetime.timedelta(days=rng.randint(1, 5))
    if target == "closed" or answered > today:
        return
    p.feedback_on = answered
    p.feedback_content = "已向信访人当面反馈办理结果，出示处理意见。"
    p.petitioner_opinion = rng.choice(["表示认可", "表示理解", "仍有异议"])
    _event(draft, answered, staff.registrar, EventAction.FEEDBACK_GIVEN, {})
    if target == "review":
        # Answered and left for the petitioner's 复查 request: that goes to
        # the unit above, which the cross-level demo does through its service.
        return
    visited = answered + datetime.timedelta(days=rng.randint(3, 15))
    archived = visited + datetime.timedelta(days=rng.randint(1, 10))
    if target == "answered" or archived > today:
        return
    p.return_visit_on, p.archived_on, p.status = visited, archived, Status.ARCHIVED
    p.satisfaction = rng.choices(Satisfaction.values, [60, 30, 10])[0]
    _event(
        draft,
        visited,
        staff.registrar,
        EventAction.RETURN_VISITED,
        {"satisfaction": p.satisfaction},
    )
    _event(
        draft, archived, staff.registrar, EventAction.ARCHIVED, {"status": "archived"}
    )


def _result(rng, petition: Petition, handler: User) -> HandlingResult:
    result = HandlingResult(
        petition=petition,
        stage=Stage.ORIGINAL,
        summary="经调查核实，已形成办理意见。",
        created_by=handler,
    )
    if petition.legal_type == LegalType.ACCUSATION:
        result.finding = rng.choices(Finding.values, [15, 25, 35, 25])[0]
    if petition.legal_type == LegalType.APPEAL:
        result.request = petition.title
        result.facts = "经调阅档案、听取有关单位和当事人意见，相关程序按规定履行。"
        result.reasons = "所反映事项已按有关政策规定处理，理由不足以改变原决定。"
        result.legal_basis = "《信访工作条例》第三十二条及有关干部人事政策规定"
        result.decision = rng.choices(AppealDecision.values, [25, 45, 30])[0]
    return result


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(
            day, datetime.time(rng.randint(8, 17), rng.randint(0, 59))
        )
    )


def _backdate(table: str, column: str, values: list[tuple]) -> None:
    # auto_now_add stamps every row with the seeding time; a demo timeline
    # needs the days the steps happened on.
    if not values:
        return
    placeholders = ", ".join(["(%s::uuid, %s::timestamptz)"] * len(values))
    params = [item for pair in values for item in (str(pair[0]), pair[1])]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET {column} = v.at FROM (VALUES {placeholders}) "
            f"AS v(id, at) WHERE t.id = v.id",
            params,
        )


def _bulk_write(unit: Unit, drafts: list[Draft], rng: random.Random) -> None:
    drafts.sort(key=lambda d: d.petition.received_on)
    counters: dict[int, int] = {}
    for draft in drafts:
        year = draft.petition.received_on.year
        counters[year] = counters.get(year, 0) + 1
        draft.petition.tracking_number = f"{unit.code}-{year}-{counters[year]:05d}"
        refresh_due(draft.petition)
    Petition.objects.bulk_create([d.petition for d in drafts])
    TrackingCounter.objects.bulk_create(
        [TrackingCounter(year=year, last=last) for year, last in counters.items()]
    )
    for draft in drafts:
        for row in (*draft.people, *draft.accused):
            row.petition = draft.petition
    Petitioner.objects.bulk_create([row for d in drafts for row in d.people])
    Accused.objects.bulk_create([row for d in drafts for row in d.accused])
    _subjects_write(unit, [row for d in drafts for row in d.accused])
    HandlingResult.objects.bulk_create([row for d in drafts for row in d.results])
    HandlingRecord.objects.bulk_create([row for d in drafts for row in d.records])
    events = [(event, day) for d in drafts for event, day in d.events]
    PetitionEvent.objects.bulk_create([event for event, _ in events])
    _backdate(
        "supervision_petitionevent",
        "created_at",
        [(event.pk, _at(day, rng)) for event, day in events],
    )
    _backdate(
        "supervision_petition",
        "registered_at",
        [(d.petition.pk, _at(d.petition.received_on, rng)) for d in drafts],
    )
    petitions = Petition.objects.prefetch_related("accused").filter(
        pk__in=[d.petition.pk for d in drafts]
    )
    CaseFact.objects.bulk_create(
        [CaseFact(petition_id=p.pk, **petition_fact_values(p, unit)) for p in petitions]
    )


def _subjects_write(unit: Unit, accused: list[Accused]) -> None:
    """The routing record of each accused (CaseSubject), as registration in
    the tree writes it: the guard of every later send reads only this."""
    units = Unit.objects.in_bulk(
        [row.unit_code for row in accused if row.unit_code], field_name="code"
    )
    CaseSubject.objects.bulk_create(
        CaseSubject(
            unit=unit,
            petition_id=row.petition_id,
            position=row.position,
            accused_unit=units[row.unit_code] if row.unit_code else None,
            managing_level=row.managing_level,
            is_main_leader=row.is_main_leader,
        )
        for row in accused
    )


def _service_sample(unit: Unit, staff: Staff, today: datetime.date, area: str) -> None:
    """Two fresh cases through the real services: one registered, one routed."""
    for index, route in enumerate((False, True)):
        person = _person(random.Random(index), unit.code[:6], 0)
        registration = register_service(
            actor=staff.registrar,
            unit=unit,
            data=RegistrationData(
                received_on=today - datetime.timedelta(days=1),
                channel="online",
                legal_type="suggestion",
                topic="talent",
                title="关于优化人才服务的建议",
                content=f"建议{area}进一步优化人才服务“一站式”窗口，"
                f"缩短人才安居、子女入学等事项办理时限（第{index + 1}件）。",
                petitioners=[PetitionerData(name=person.name, phone="13800001234")],
            ),
        )
        if route:
            pk = registration.petition.pk
            acceptance.petition_accept(actor=staff.registrar, petition_id=pk)
            routing.petition_route(
                actor=staff.registrar,
                petition_id=pk,
                department_id=staff.handler.department_id,
                handler_id=staff.handler.pk,
            )


def _staff(unit: Unit) -> Staff | None:
    users = {
        user.username.rsplit("-", 1)[1]: user
        for user in User.objects.filter(
            unit=unit, username__startswith=f"u{unit.code}-"
        )
    }
    registrar = users.get("registrar") or users.get("liaison")
    handler = users.get("handler") or users.get("liaison")
    leader = users.get("leader")
    if not (registrar and handler and leader):
        return None
    return Staff(registrar, handler, leader)


def _seed_unit(ref: UnitRef) -> int:
    if Petition.objects.exists():
        return 0
    unit = Unit.objects.get(pk=ref.id)
    staff = _staff(unit)
    if staff is None:
        return 0
    rng = random.Random(int(unit.code))
    today = timezone.localdate()
    area = _area(unit)
    count = CASES_PER_LEVEL[unit.level]
    # Its own generator: the accused's units leave the cases' draws as before.
    subject_rng = random.Random(f"subjects-{unit.code}")
    below = list(unit.children.filter(is_active=True).order_by("code"))
    with transaction.atomic():
        drafts = [
            _draft(
                rng,
                unit=unit,
                subject_rng=subject_rng,
                below=below,
                area=area,
                staff=staff,
                received_on=today - datetime.timedelta(days=rng.randint(2, DAYS_BACK)),
                today=today,
            )
            for _ in range(count)
        ]
        _bulk_write(unit, drafts, rng)
        _service_sample(unit, staff, today, area)
    return count + 2


def seed_petitions() -> str:
    """Seeder for settings.DEMO_SEEDERS."""
    codes = [spec.code for spec in read_unit_specs(UNITS_FILE)]
    created = run_across_units(_seed_unit, units=Unit.objects.filter(code__in=codes))
    total = sum(created.values())
    if not total:
        return "信访件演示数据已存在，未重复生成"
    return f"已生成信访件演示数据 {total} 件（{sum(1 for n in created.values() if n)} 个单位，近一年各办理状态）"
