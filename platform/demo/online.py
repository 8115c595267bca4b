"""Demo online petitions (网上信访) from the public, with their query codes.

A county suggestion with a random code, shown once when it is made. At a
township (梅园新村街道), two petitions with fixed demo numbers and codes
(listed in the README, printed by every seed run) so anyone can follow them on
a fresh clone: an accusation accepted there, and an appeal concluded with a
处理意见书 and answered on the seed day (rate it; ask for 复查 within 30
days). They are brought there by the township's own staff through the
workbench's services. Idempotent: existing demo petitions are kept.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from supervision.crosslevel.services.challenge import (
    online_challenge_new,
    online_challenge_solved,
)
from supervision.crosslevel.services.online import (
    OnlineAccusedData,
    OnlineReceipt,
    OnlineSubmission,
    online_petition_submit,
    public_number_from_body,
    query_code_digest,
)
from supervision.models import Channel, LegalType, Petition, Topic
from supervision.rules.identity import make_citizen_id
from supervision.services import acceptance, closure, handling, routing
from supervision.services.common import today
from tenants.crossing import activate_request_unit
from tenants.models import Unit, User
from tenants.roles import Role

DEMO_UNIT = "320102"
DEMO_TITLE = "【演示】建议公开干部考察预告"


@contextmanager
def _acting_in(code: str) -> Iterator[Unit | None]:
    """The active demo unit of that code (None when the seed has none), as a
    request naming it with `X-Unit` would activate it."""
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        yield None
        return
    activate_request_unit(unit)
    try:
        yield unit
    finally:
        activate_request_unit(None)


def _submit(unit: Unit, data: OnlineSubmission) -> OnlineReceipt:
    """Submit as the public does; the seeding solves its own challenge as a
    browser would. Each submission is a client of its own: the seed is not
    the public, and seeding a fresh database again within the hour, on a
    Redis that kept the last seeding's counts, must not be refused as 提交过于频繁."""
    return online_petition_submit(
        unit=unit,
        client_ip=f"demo-seed-{uuid.uuid4().hex}",
        challenge=online_challenge_solved(online_challenge_new()),
        data=data,
    )


def seed_online_demo() -> str:
    with _acting_in(DEMO_UNIT) as unit:
        if unit is None:
            return "网上信访：无演示单位，未创建"
        # By channel and title only: once staff decide on it, it has a registrar.
        if Petition.objects.filter(channel=Channel.ONLINE, title=DEMO_TITLE).exists():
            return "网上信访：演示件已存在"
        receipt = _submit(
            unit,
            OnlineSubmission(
                legal_type=LegalType.SUGGESTION,
                topic=Topic.CADRE_SELECTION,
                title=DEMO_TITLE,
                content="建议在干部考察前通过网站公开考察预告，方便群众反映意见。",
                name="周文华",
                citizen_id="110101199003074477",
                phone="13812345678",
                address="南京市玄武区",
            ),
        )
    return (
        f"网上信访：演示件编号{receipt.tracking_number}，"
        f"查询码{receipt.query_code}（仅此一次显示）"
    )


TOWNSHIP = "320102002"
# Fixed demo numbers (with their check character) and codes: demo data only.
ACCEPTED_NUMBER = public_number_from_body(TOWNSHIP, "DEMACCEPT22")
ACCEPTED_CODE = "DEMAC-CEPTE-D2345-67892"
ACCEPTED_TITLE = "【演示】反映社区干部推荐未经民主推荐程序"
ANSWERED_NUMBER = public_number_from_body(TOWNSHIP, "DEMAPPEAL22")
ANSWERED_CODE = "DEMAP-PEALA-NSWER-ED234"
ANSWERED_TITLE = "【演示】对社区书记民主推荐计票结果的申诉"


def _township_staff(unit: Unit) -> dict[str, User] | None:
    """The township's registrar, handler and leader, by their roles."""
    users = User.objects.filter(unit=unit, is_active=True).order_by("username")

    def first(*roles: str) -> User | None:
        return next(
            (user for user in users if any(role in user.roles for role in roles)),
            None,
        )

    staff = {
        "registrar": first(Role.REGISTRAR, Role.LIAISON),
        "handler": first(Role.HANDLER, Role.LIAISON),
        "leader": first(Role.LEADER),
    }
    return staff if all(staff.values()) else None


def _township_submit(unit, *, number, code, data) -> Petition:
    """Submit as the public does, then give it the demo number and code."""
    receipt = _submit(unit, data)
    petition = Petition.objects.get(public_number=receipt.tracking_number)
    Petition.objects.filter(pk=petition.pk).update(
        public_number=number, query_code_digest=query_code_digest(code)
    )
    return petition


def _township_accepted(
    unit, staff, *, number: str, code: str, born: datetime.date, sequence: int, **data
) -> Petition:
    """A township petition about cadre selection, submitted as the public does
    (a petitioner born in the township's county) and accepted by its staff."""
    petition = _township_submit(
        unit,
        number=number,
        code=code,
        data=OnlineSubmission(
            topic=Topic.CADRE_SELECTION,
            citizen_id=make_citizen_id(TOWNSHIP[:6], born, sequence),
            **data,
        ),
    )
    acceptance.petition_accept(actor=staff["registrar"], petition_id=petition.pk)
    return petition


def _township_answered(unit, staff) -> None:
    petition = _township_accepted(
        unit,
        staff,
        number=ANSWERED_NUMBER,
        code=ANSWERED_CODE,
        born=datetime.date(1980, 6, 17),
        sequence=17,
        legal_type=LegalType.APPEAL,
        title=ANSWERED_TITLE,
        content="本人参加社区书记民主推荐，计票结果有误，请求重新核查。",
        name="钱学民",
        phone="13951234567",
        address="南京市玄武区梅园新村街道",
    )
    pk, handler = petition.pk, staff["handler"]
    routing.petition_route(
        actor=staff["registrar"],
        petition_id=pk,
        department_id=handler.department_id,
        handler_id=handler.pk,
    )
    handling.petition_conclude(
        actor=handler,
        petition_id=pk,
        summary="经核对原始计票记录并与监票人谈话，计票无误。",
        request="请求重新核查社区书记民主推荐计票结果",
        facts="经核对原始计票记录并与监票人、计票人谈话，计票无误",
        reasons="民主推荐的组织、投票、计票各环节均按规定进行",
        legal_basis="《中国共产党基层组织选举工作条例》第十九条",
        decision="reject",
    )
    closure.closure_submit(actor=handler, petition_id=pk)
    closure.closure_approve(actor=staff["leader"], petition_id=pk)
    closure.feedback_record(
        actor=staff["registrar"],
        petition_id=pk,
        given_on=today(),
        content="经核查，计票无误，对您的请求不予支持。处理意见书已当面送达。",
    )


def seed_online_township_demo() -> str:
    with _acting_in(TOWNSHIP) as unit:
        if unit is None:
            return "网上信访（乡镇）：无演示单位，未创建"
        staff = _township_staff(unit)
        if staff is None:
            return "网上信访（乡镇）：演示单位缺少登记、承办或领导账号，未创建"
        made = Petition.objects.filter(channel=Channel.ONLINE)
        if not made.filter(title=ACCEPTED_TITLE).exists():
            _township_accepted(
                unit,
                staff,
                number=ACCEPTED_NUMBER,
                code=ACCEPTED_CODE,
                born=datetime.date(1975, 3, 15),
                sequence=31,
                legal_type=LegalType.ACCUSATION,
                title=ACCEPTED_TITLE,
                content="街道在推荐社区干部时未经民主推荐程序，直接确定人选。",
                name="孙明德",
                phone="13951230000",
                accused=[
                    OnlineAccusedData(
                        name="赵某", unit_name="不详", is_unit_unknown=True
                    )
                ],
            )
        if not made.filter(title=ANSWERED_TITLE).exists():
            _township_answered(unit, staff)
    return (
        "网上信访（梅园新村街道，进度查询 /portal/track）：\n"
        f"  已受理的检举控告  编号 {ACCEPTED_NUMBER}  查询码 {ACCEPTED_CODE}\n"
        f"  已答复的申诉求决（处理意见书，可评价、可申请复查）  编号 {ANSWERED_NUMBER}  "
        f"查询码 {ANSWERED_CODE}"
    )
