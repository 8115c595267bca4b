"""The authorization matrix (授权矩阵, issue 11): every query and mutation of the
schema, declared here with who may call it, and called as each of them.

The declarations are read against the schema itself, so a new field without an
entry fails `test_every_operation_of_the_schema_is_declared`. Each refused call
snapshots every table (row count and an md5 of the rows) of the public schema
and of the unit schemas involved (the caller's and the target's) before and
after, and asserts that
nothing changed but the audit log's one refusal row (the log is append-only on
purpose: refusals are what it records) and, for the guards of the accused's
unit, the one refusal log row.

How the matrix is made (the sizes follow the schema, so they are not written
down here, where every new operation would have to change them):
- anonymous × every operation;
- the seven roles of the tree × every operation in the caller's own unit (one
  test per operation); the permission check runs before any target is read, so
  this outcome is independent of the target's relation;
- relations (own, parent, child, grandchild, sibling, unrelated branch) of the
  target to a city caller for the operations whose outcome depends on them
  (`RELATION_CASES`);
- the accused's unit: a name-only accused unit at registration, and the
  accused's own unit as the target of a transfer, an assignment, a supervision
  order and a merge (`ACCUSED_UNIT_CASES`).
Roles are not crossed with relations: the declaration says a refused role is refused before the target is
looked at, and the role tests prove it.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    get_named_type,
)

from graphql_api.schema import schema
from supervision.crosslevel.models import RepeatMatch
from tenants.models import Unit
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import CITIZEN_ID
from tests.graphql_api.crosslevel.flows import (
    ASSIGN,
    SCAN,
    SUBJECT,
    TRANSFER,
    person,
)
from tests.graphql_api.crosslevel.test_accused_unit_guard_api import (
    ORDER_ISSUE,
    REGISTER,
    _accusation,
    _order,
)
from tests.graphql_api.crosslevel.test_repeat_merge_api import MERGE
from tests.tree import KEYS, ROLE_KEYS

# Anonymous outcomes of queries (the rule of graphql_api/core/authentication.py).
PUBLIC = "public"  # answered for everyone
SIGNED_OUT = "signed_out"  # answered null without an error
STAFF = "staff"  # 请先登录: HTTP 401, UNAUTHENTICATED, no data

QUERIES = {
    "enumLabels": PUBLIC,
    "holidayYears": STAFF,
    "onlinePetitionProgress": PUBLIC,
    "onlineUnits": PUBLIC,
    "onlineChallenge": PUBLIC,
    "caseLinks": STAFF,
    "caseLink": STAFF,
    "supervisionOrders": STAFF,
    "supervisionOrder": STAFF,
    "repeatMatches": STAFF,
    "subtreeRepeatMatches": STAFF,
    "longTermPetitioners": STAFF,
    "problemCases": STAFF,
    "crossLevelRefusals": STAFF,
    "petitionRouteSuggestion": STAFF,
    "petitionSendCandidates": STAFF,
    "notifications": STAFF,
    "reportRequirements": STAFF,
    "reportRequirement": STAFF,
    "reportObligations": STAFF,
    "reportDelinquencies": STAFF,
    "reports": STAFF,
    "report": STAFF,
    "reportRollUp": STAFF,
    "reportDraft": STAFF,
    "reportStatistics": STAFF,
    "reportFigureTrace": STAFF,
    "reportRateDefinitions": STAFF,
    "riskScreenings": STAFF,
    "situationReports": STAFF,
    "assessmentBulletins": STAFF,
    "assessmentMetrics": STAFF,
    "assessmentBulletin": STAFF,
    "overview": STAFF,
    "overdueCases": STAFF,
    "dueSoonCases": STAFF,
    "crossLevelCase": STAFF,
    "dataFreshness": STAFF,
    "routingCandidates": STAFF,
    "petition": STAFF,
    "petitions": STAFF,
    "myWork": STAFF,
    "petitionDuplicates": STAFF,
    "petitionFinalMatters": STAFF,
    "receptionDays": STAFF,
    "receptionLeaders": STAFF,
    "me": SIGNED_OUT,
    "currentUnit": PUBLIC,
    "unit": STAFF,
    "units": STAFF,
    "accusedUnitSuggestions": PUBLIC,
    "departments": STAFF,
    "users": STAFF,
    "auditEntries": STAFF,
    "roleGrantRequests": STAFF,
    "caseLinksPage": STAFF,
    "repeatMatchesPage": STAFF,
    "subtreeRepeatMatchesPage": STAFF,
    "longTermPetitionersPage": STAFF,
    "problemCasesPage": STAFF,
    "crossLevelRefusalsPage": STAFF,
    "reportObligationsPage": STAFF,
    "reportDelinquenciesPage": STAFF,
    "assessmentBulletinsPage": STAFF,
    "receptionDaysPage": STAFF,
    "departmentsPage": STAFF,
    "roleGrantRequestsPage": STAFF,
}

# Mutations: the roles of the tree (tests/tree.py) that pass the permission
# check; None is a public mutation. Every other role is refused with
# PERMISSION_DENIED, anonymous callers with UNAUTHENTICATED, and nothing changes.
MUTATIONS = {
    "holidayScheduleEnter": ("admin",),
    "petitionTransfer": ("registrar", "leader"),
    "petitionAssign": ("registrar", "leader"),
    "petitionEscalate": ("registrar", "leader"),
    "caseSubjectRecord": ("registrar", "liaison"),
    "petitionSendDownApprove": ("leader",),
    "remitObjectionRaise": ("registrar", "leader"),
    "remitObjectionDecide": ("registrar", "leader"),
    "resultReportSubmit": ("registrar", "leader", "liaison"),
    "resultReportDecide": ("registrar", "leader"),
    "supervisionOrderIssue": ("leader", "supervisor"),
    "supervisionOrderReply": ("registrar", "leader", "liaison"),
    "urgeSupervisionOrder": ("leader", "supervisor"),
    "petitionRepeatScan": ("registrar", "liaison"),
    "repeatMatchMerge": ("registrar", "liaison"),
    "repeatMatchDismiss": ("registrar", "liaison"),
    "notificationMarkRead": (
        "admin",
        "registrar",
        "handler",
        "head",
        "leader",
        "supervisor",
        "liaison",
    ),
    "onlinePetitionSubmit": None,
    "onlinePetitionRate": None,
    "onlinePetitionReviewRequest": None,
    "reportRequirementCreate": ("leader", "supervisor"),
    "reportSubmit": ("registrar", "leader", "liaison"),
    "reportReturn": ("leader", "supervisor"),
    "reportAccept": ("leader", "supervisor"),
    "riskScreeningCreate": ("registrar", "leader", "liaison"),
    "situationReportCreate": ("registrar", "leader", "liaison"),
    "assessmentBulletinIssue": ("leader", "supervisor"),
    "petitionRegister": ("registrar", "liaison"),
    "petitionAccept": ("registrar", "liaison"),
    "petitionDecline": ("registrar", "liaison"),
    "petitionRefer": ("registrar", "liaison"),
    "petitionRoute": ("registrar", "head", "leader", "liaison"),
    "petitionInstruct": ("leader",),
    "petitionAssignOwner": ("leader",),
    "petitionRecuse": ("registrar", "head", "leader", "liaison"),
    "handlingRecordAdd": ("handler", "head", "liaison"),
    "petitionConclude": ("handler", "head", "liaison"),
    "extensionRequest": ("handler", "head", "liaison"),
    "extensionApprove": ("leader",),
    "extensionReject": ("leader",),
    "closureSubmit": ("handler", "head", "liaison"),
    "closureApprove": ("leader",),
    "closureReturn": ("leader",),
    "feedbackRecord": ("registrar", "liaison"),
    "returnVisitRecord": ("registrar", "liaison"),
    "petitionArchive": ("registrar", "liaison"),
    "reviewRequest": ("registrar", "liaison"),
    "reviewDecide": ("leader",),
    "receptionDayCreate": ("registrar", "liaison"),
    "receptionDayUpdate": ("registrar", "liaison"),
    "petitionIdentityReveal": ("registrar", "handler", "head", "leader", "liaison"),
    "login": None,
    "logout": None,
    "tokenCreate": None,
    "tokenRevoke": (
        "admin",
        "registrar",
        "handler",
        "head",
        "leader",
        "supervisor",
        "liaison",
    ),
    "unitCreate": ("admin",),
    "unitRename": ("admin",),
    "unitDeactivate": ("admin",),
    "unitReactivate": ("admin",),
    "unitDocumentSettingsSet": ("admin",),
    "departmentCreate": ("admin",),
    "userCreate": ("admin",),
    "userUpdate": ("admin",),
    "userSetPassword": ("admin",),
    "roleGrantApprove": (
        "admin",
        "registrar",
        "handler",
        "head",
        "leader",
        "supervisor",
        "liaison",
    ),
}

# Roles that pass the permission check but that the service still refuses in
# the caller's unit: the holiday permission is granted to every unit
# administrator, and the service admits the province's only (one schedule
# binds the tree).
REFUSED_BY_THE_SERVICE = {"holidayScheduleEnter": {"admin": ["PERMISSION_DENIED"]}}

# Queries that refuse some roles of the tree, with the code each gets; every
# other role is answered. Out of scope answers like missing (NOT_FOUND): a unit
# administrator has no view of its subtree's cases.
QUERY_REFUSALS = {
    "routingCandidates": {
        "admin": "PERMISSION_DENIED",
        "handler": "PERMISSION_DENIED",
        "supervisor": "PERMISSION_DENIED",
    },
    # The log is the auditor's alone, and the tree's roles include no auditor.
    "auditEntries": {role: "PERMISSION_DENIED" for role in ROLE_KEYS},
    "overview": {"admin": "NOT_FOUND"},
    "overdueCases": {"admin": "NOT_FOUND"},
    "dueSoonCases": {"admin": "NOT_FOUND"},
}
# Answers an error of its arguments, not of the caller: the generic period is
# refused as INVALID_PERIOD for every role that may ask.
QUERY_ARGUMENT_ERRORS = {"overview": "INVALID_PERIOD"}

RELATIONS = {
    # Relation of the target to a caller of the city 320100.
    "own": "city",
    "parent": "province",
    "child": "county_a",
    "grandchild": "township",
    "sibling": "other_city",
    "unrelated": "other_county",
}
MISSING_ID = "00000000-0000-4000-8000-000000000000"
# Tables that change on any request or record refusals on purpose: sessions
# (the idle clock), the append-only audit log and the refusal log, counted apart.
VOLATILE_TABLES = {"django_session", "tenants_auditentry", "crosslevel_refusallog"}


def _tables(unit_keys) -> list[tuple[str, str]]:
    codes = [KEYS[key] for key in unit_keys]
    schemas = ["public"] + [
        unit.schema_name for unit in Unit.objects.filter(code__in=codes)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_type = 'BASE TABLE' AND table_schema = ANY(%s)"
            " ORDER BY 1, 2",
            [schemas],
        )
        return [row for row in cursor.fetchall() if row[1] not in VOLATILE_TABLES]


def snapshot_tables(*unit_keys: str) -> dict:
    """Row count and an md5 of the rows of every table of the public schema and
    of the named units' schemas, in one statement."""
    tables = _tables(unit_keys)
    parts = [
        f"SELECT '{schema}.{table}', count(*),"
        f" md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
        f' FROM "{schema}"."{table}" t'
        for schema, table in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {name: (count, digest) for name, count, digest in cursor.fetchall()}


def _audit_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM public.tenants_auditentry")
        return cursor.fetchone()[0]


def _value(type_, name: str):
    """A well-formed value of an input type; what it names does not exist."""
    if isinstance(type_, GraphQLNonNull):
        return _value(type_.of_type, name)
    if isinstance(type_, GraphQLList):
        return [_value(type_.of_type, name)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {
            field_name: _value(field.type, field_name)
            for field_name, field in type_.fields.items()
            if _needed(field, field_name)
        }
    scalars = {
        "ID": MISSING_ID,
        "UUID": MISSING_ID,
        "Int": 1,
        "Float": 1.0,
        "Boolean": False,
        "Date": datetime.date(2026, 3, 2).isoformat(),
        "DateTime": "2026-03-02T09:00:00+08:00",
        "Decimal": "1",
    }
    if type_.name in scalars:
        return scalars[type_.name]
    return "320102" if "code" in name.lower() else "测试内容"


def _needed(argument, name: str) -> bool:
    """Required, or required in the next release: a mutation's `input` and a
    date renamed to `…On` are still optional beside their deprecated old forms."""
    if isinstance(argument.type, GraphQLNonNull):
        return argument.default_value is Undefined
    renamed_date = (
        get_named_type(argument.type).name == "Date"
        and name.endswith("On")
        and "required in the next release" in (argument.description or "")
    )
    return name == "input" or renamed_date


def _selection(type_) -> str:
    named = get_named_type(type_)
    if isinstance(named, GraphQLObjectType):
        if "errors" in named.fields:
            return " { errors { code } }"
        return " { __typename }"
    return ""


def generic_call(field_name: str) -> tuple[str, dict]:
    """A document and variables calling `field_name` with its required arguments."""
    graphql_schema = schema.graphql_schema
    is_mutation = field_name in graphql_schema.mutation_type.fields
    root = graphql_schema.mutation_type if is_mutation else graphql_schema.query_type
    field = root.fields[field_name]
    required = {name: arg for name, arg in field.args.items() if _needed(arg, name)}
    declarations = ", ".join(f"${name}: {arg.type}" for name, arg in required.items())
    arguments = ", ".join(f"{name}: ${name}" for name in required)
    document = "{} {}{{ {}{}{} }}".format(
        "mutation" if is_mutation else "query",
        f"({declarations}) " if declarations else "",
        field_name,
        f"({arguments})" if arguments else "",
        _selection(field.type),
    )
    variables = {name: _value(arg.type, name) for name, arg in required.items()}
    return document, variables


def _codes(body: dict, field_name: str) -> list[str]:
    payload = (body.get("data") or {}).get(field_name) or {}
    return [error["code"] for error in payload.get("errors") or []]


def test_every_operation_of_the_schema_is_declared():
    graphql_schema = schema.graphql_schema
    assert set(graphql_schema.query_type.fields) == set(QUERIES)
    assert set(graphql_schema.mutation_type.fields) == set(MUTATIONS)


@pytest.mark.parametrize("field_name", sorted(QUERIES))
def test_anonymous_query(tree, gql, field_name):
    document, variables = generic_call(field_name)
    client = gql()
    before = snapshot_tables("county_a")
    audit_before = _audit_count()

    status, body = client.execute(document, variables)

    if QUERIES[field_name] == STAFF:
        assert status == 401
        assert "data" not in body
        assert [error["extensions"]["code"] for error in body["errors"]] == [
            "UNAUTHENTICATED"
        ]
    elif QUERIES[field_name] == SIGNED_OUT:
        assert (status, body) == (200, {"data": {field_name: None}})
    else:
        assert status == 200, body
        assert "errors" not in body
    assert snapshot_tables("county_a") == before
    assert _audit_count() == audit_before


@pytest.mark.parametrize("field_name", sorted(MUTATIONS))
def test_anonymous_mutation(tree, gql, field_name):
    document, variables = generic_call(field_name)
    client = gql()
    before = snapshot_tables("county_a")

    status, body = client.execute(document, variables)

    assert status == 200
    codes = _codes(body, field_name)
    if MUTATIONS[field_name] is None:
        assert "UNAUTHENTICATED" not in codes
    else:
        assert codes == ["UNAUTHENTICATED"]
        assert snapshot_tables("county_a") == before


@pytest.mark.parametrize("field_name", sorted(MUTATIONS))
def test_mutation_roles_in_own_unit(tree, gql, field_name):
    document, variables = generic_call(field_name)
    allowed = (
        tuple(ROLE_KEYS) if MUTATIONS[field_name] is None else MUTATIONS[field_name]
    )
    refused = [role for role in ROLE_KEYS if role not in allowed]
    clients = {role: gql(tree.user("county_a", role)) for role in ROLE_KEYS}
    before = snapshot_tables("county_a")
    audit_before = _audit_count()

    refused_codes = {
        role: _codes(clients[role].execute(document, variables)[1], field_name)
        for role in refused
    }
    refused_state = snapshot_tables("county_a")
    refusals_logged = _audit_count() - audit_before
    allowed_codes = {
        role: _codes(clients[role].execute(document, variables)[1], field_name)
        for role in allowed
    }

    if MUTATIONS[field_name] is None:
        assert refused_codes == {}
    else:
        assert refused_codes == {role: ["PERMISSION_DENIED"] for role in refused}
        assert refused_state == before
    scoped = REFUSED_BY_THE_SERVICE.get(field_name, {})
    if MUTATIONS[field_name] is not None:
        # The base mutation logs each refusal of its permission check once.
        assert refusals_logged == len(refused)
    for role, codes in allowed_codes.items():
        if role in scoped:
            assert codes == scoped[role]
        else:
            assert "PERMISSION_DENIED" not in codes, role
            assert "UNAUTHENTICATED" not in codes, role


@pytest.mark.parametrize("field_name", sorted(QUERIES))
def test_query_roles_in_own_unit(tree, gql, field_name):
    document, variables = generic_call(field_name)
    clients = {role: gql(tree.user("county_a", role)) for role in ROLE_KEYS}
    before = snapshot_tables("county_a")
    audit_before = _audit_count()

    outcomes = {}
    for role, client in clients.items():
        # The public progress query limits the tries per tracking number; each
        # role asks for its own so the rate limit does not decide the outcome.
        if "trackingNumber" in variables:
            variables = {**variables, "trackingNumber": f"W{len(outcomes)}"}
        status, body = client.execute(document, variables)
        assert status == 200, body
        codes = [error["extensions"]["code"] for error in body.get("errors", [])]
        outcomes[role] = codes[0] if codes else None

    refusals = QUERY_REFUSALS.get(field_name, {})
    answered = QUERY_ARGUMENT_ERRORS.get(field_name)
    assert outcomes == {role: refusals.get(role, answered) for role in ROLE_KEYS}
    # Reading never writes, and a refused query is not logged (mutations are).
    assert snapshot_tables("county_a") == before
    assert _audit_count() == audit_before


# Outcomes of a target in each relation to a city caller.
FOUND = "found"
EMPTY = "empty"
ALLOWED = "allowed"


def _relation_units(tree) -> dict:
    return {relation: tree.units[key] for relation, key in RELATIONS.items()}


def _case_petitions(tree, *, sends: bool) -> dict:
    """A petition in each related unit; for sends, one city petition per target."""
    cases = {
        relation: petition_fact(tree, key).petition_id
        for relation, key in RELATIONS.items()
    }
    if sends:
        for relation in RELATIONS:
            cases[f"send_{relation}"] = petition_fact(tree, "city").petition_id
    return cases


def _petition_read(clients, relation, cases, units):
    data = clients["registrar"].ok(
        "query($id: ID!) { petition(id: $id) { id } }", {"id": str(cases[relation])}
    )
    return FOUND if data["petition"] == {"id": str(cases[relation])} else EMPTY


def _petition_instruct(clients, relation, cases, units):
    data = clients["leader"].ok(
        """mutation($id: ID!) { petitionInstruct(petitionId: $id, content: "请依法办理")
        { errors { code } } }""",
        {"id": str(cases[relation])},
    )
    return _outcome(data["petitionInstruct"])


def _unit_read(clients, relation, cases, units):
    code = units[relation].code
    data = clients["admin"].ok(
        "query($code: String!) { unit(code: $code) { code } }", {"code": code}
    )
    return FOUND if data["unit"] == {"code": code} else EMPTY


def _departments_read(clients, relation, cases, units):
    data = clients["admin"].ok(
        "query($code: String!) { departments(unitCode: $code) { name } }",
        {"code": units[relation].code},
    )
    names = sorted(item["name"] for item in data["departments"])
    assert names in ([], ["办公室", "干部监督科"])
    return FOUND if names else EMPTY


def _users_read(clients, relation, cases, units):
    status, body = clients["admin"].execute(
        "query($code: String) { users(unitCode: $code) { totalCount } }",
        {"code": units[relation].code},
    )
    if "errors" in body:
        return body["errors"][0]["extensions"]["code"]
    return FOUND if body["data"]["users"]["totalCount"] == 7 else EMPTY


def _unit_rename(clients, relation, cases, units):
    unit = units[relation]
    data = clients["admin"].ok(
        """mutation($code: String!, $name: String!) {
        unitRename(code: $code, name: $name) { errors { code } } }""",
        {"code": unit.code, "name": f"{unit.name}（更名）"},
    )
    return _outcome(data["unitRename"])


def _send(field, input_type):
    def call(clients, relation, cases, units):
        data = clients["registrar"].ok(
            f"""mutation($input: {input_type}!) {{ {field}(input: $input)
            {{ errors {{ code }} }} }}""",
            {
                "input": {
                    "petitionId": str(cases[f"send_{relation}"]),
                    "targetCode": units[relation].code,
                }
            },
        )
        return _outcome(data[field])

    return call


def _outcome(payload) -> str:
    codes = [error["code"] for error in payload["errors"]]
    assert len(codes) <= 1, codes
    return codes[0] if codes else ALLOWED


def _all_but_own(outcome, own=ALLOWED) -> dict:
    return {relation: own if relation == "own" else outcome for relation in RELATIONS}


RELATION_CASES = {
    # A unit's petitions are its own: every other unit, above or below, reads
    # and acts on them as missing (out of scope looks like not found).
    "petition": (_petition_read, _all_but_own(EMPTY, own=FOUND)),
    "petitionInstruct": (_petition_instruct, _all_but_own("NOT_FOUND")),
    # A unit sees its ancestors (the path up) and its subtree, never a sibling
    # branch.
    "unit": (
        _unit_read,
        {
            "own": FOUND,
            "parent": FOUND,
            "child": FOUND,
            "grandchild": FOUND,
            "sibling": EMPTY,
            "unrelated": EMPTY,
        },
    ),
    "departments": (
        _departments_read,
        {
            "own": FOUND,
            "parent": FOUND,
            "child": FOUND,
            "grandchild": FOUND,
            "sibling": EMPTY,
            "unrelated": EMPTY,
        },
    ),
    "users": (
        _users_read,
        {
            "own": FOUND,
            "parent": EMPTY,
            "child": FOUND,
            "grandchild": FOUND,
            "sibling": EMPTY,
            "unrelated": EMPTY,
        },
    ),
    "unitRename": (
        _unit_rename,
        {
            "own": ALLOWED,
            "parent": "NOT_FOUND",
            "child": ALLOWED,
            "grandchild": ALLOWED,
            "sibling": "NOT_FOUND",
            "unrelated": "NOT_FOUND",
        },
    ),
    # Sent only to a direct child: a grandchild is skipping a level, any other
    # unit is not a target.
    "petitionTransfer": (
        _send("petitionTransfer", "CaseSendInput"),
        {
            "own": "INVALID_TARGET",
            "parent": "INVALID_TARGET",
            "child": ALLOWED,
            "grandchild": "SKIPS_LEVEL",
            "sibling": "INVALID_TARGET",
            "unrelated": "INVALID_TARGET",
        },
    ),
    "petitionAssign": (
        _send("petitionAssign", "PetitionAssignInput"),
        {
            "own": "INVALID_TARGET",
            "parent": "INVALID_TARGET",
            "child": ALLOWED,
            "grandchild": "SKIPS_LEVEL",
            "sibling": "INVALID_TARGET",
            "unrelated": "INVALID_TARGET",
        },
    ),
}


@pytest.mark.parametrize("case", sorted(RELATION_CASES))
def test_relations_of_the_target(tree, gql, case):
    call, expected = RELATION_CASES[case]
    units = _relation_units(tree)
    cases = _case_petitions(tree, sends=case in ("petitionTransfer", "petitionAssign"))
    clients = {role: gql(tree.user("city", role)) for role in ROLE_KEYS}

    outcomes = {}
    for relation in RELATIONS:
        before = snapshot_tables("city", RELATIONS[relation])
        outcomes[relation] = call(clients, relation, cases, units)
        if outcomes[relation] not in (ALLOWED, FOUND):
            assert snapshot_tables("city", RELATIONS[relation]) == before, relation

    assert outcomes == expected


# The accused's unit (被反映人所在单位, item 4): an accusation of a township
# cadre never reaches the township by any path, and a name-only unit is refused
# at registration. Each refused call stores nothing but one refusal log row.


def _subject_in_township(client, petition_id) -> None:
    data = client.ok(
        SUBJECT,
        {
            "input": {
                "petitionId": str(petition_id),
                "accusedUnitCode": "320102002",
                "managingLevel": "COUNTY",
            }
        },
    )["caseSubjectRecord"]
    assert data["errors"] == []


def _accusation_at_county(tree, clients):
    fact = petition_fact(tree, "county_a")
    _subject_in_township(clients["registrar"], fact.petition_id)
    return fact.petition_id


def _name_only_unit(tree, clients):
    def call():
        # 某某单位 names no unit of the tree: it cannot be guarded, so refused.
        return clients["registrar"].ok(REGISTER, _accusation(unitName="某某单位"))[
            "petitionRegister"
        ]

    return call


def _sent_to_the_accused_unit(query, field):
    def prepare(tree, clients):
        petition_id = _accusation_at_county(tree, clients)
        variables = {
            "input": {"petitionId": str(petition_id), "targetCode": "320102002"}
        }
        return lambda: clients["registrar"].ok(query, variables)[field]

    return prepare


def _order_on_the_accused_unit(tree, clients):
    # An order attaches the target's own case: the township's accusation of
    # one of its cadres, which the township must not be pressed to handle.
    fact = petition_fact(tree, "township")
    _subject_in_township(clients["township"], fact.petition_id)
    variables = _order(fact.petition_id, "320102002")
    return lambda: clients["leader"].ok(ORDER_ISSUE, variables)["supervisionOrderIssue"]


def _merge_into_the_accused_unit(tree, clients):
    registrar = clients["registrar"]
    earlier = petition_fact(
        tree, "county_a", legal_type="appeal", petitioners=person(CITIZEN_ID)
    )
    sent = registrar.ok(
        ASSIGN,
        {"input": {"petitionId": str(earlier.petition_id), "targetCode": "320102002"}},
    )["petitionAssign"]
    assert sent["errors"] == []
    later = petition_fact(tree, "county_a", petitioners=person(CITIZEN_ID))
    _subject_in_township(registrar, later.petition_id)
    for fact in (earlier, later):
        registrar.ok(SCAN, {"id": str(fact.petition_id)})
    match = RepeatMatch.objects.get(petition_id=later.petition_id)
    return lambda: registrar.ok(MERGE, {"id": str(match.pk)})["repeatMatchMerge"]


ACCUSED_UNIT_CASES = {
    "petitionRegister name-only unit": (
        _name_only_unit,
        "ACCUSED_UNIT_REQUIRED",
        0,
    ),
    "petitionTransfer to the accused's unit": (
        _sent_to_the_accused_unit(TRANSFER, "petitionTransfer"),
        "CONFIDENTIAL_ACCUSED_UNIT",
        1,
    ),
    "petitionAssign to the accused's unit": (
        _sent_to_the_accused_unit(ASSIGN, "petitionAssign"),
        "CONFIDENTIAL_ACCUSED_UNIT",
        1,
    ),
    "supervisionOrderIssue on the accused's unit": (
        _order_on_the_accused_unit,
        "CONFIDENTIAL_ACCUSED_UNIT",
        1,
    ),
    "repeatMatchMerge into the accused's unit": (
        _merge_into_the_accused_unit,
        "CONFIDENTIAL_ACCUSED_UNIT",
        1,
    ),
}


def _refusal_log_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM public.crosslevel_refusallog")
        return cursor.fetchone()[0]


@pytest.mark.parametrize("case", sorted(ACCUSED_UNIT_CASES))
def test_the_accused_unit_is_never_a_target(tree, gql, case):
    # given an accusation of a township cadre
    prepare, code, refusals = ACCUSED_UNIT_CASES[case]
    clients = {
        role: gql(tree.user("county_a", role)) for role in ("registrar", "leader")
    }
    clients["township"] = gql(tree.user("township", "liaison"))
    call = prepare(tree, clients)
    before = snapshot_tables("county_a", "township")
    refusals_before = _refusal_log_count()

    # when county_a's staff would send it to the township, press the township
    # on it or merge it into a case there
    payload = call()

    # then it is refused, logged once, and nothing else changed
    assert [error["code"] for error in payload["errors"]] == [code]
    assert _refusal_log_count() - refusals_before == refusals
    assert snapshot_tables("county_a", "township") == before
