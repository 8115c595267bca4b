"""GraphQL documents and helpers the cross-level flow tests share."""

from supervision.facts.models import CaseFact
from supervision.models import Petition
from supervision.services.intake import PetitionerData
from tests.factories.supervision import in_unit

TRANSFER = """mutation($input: CaseSendInput!) { petitionTransfer(input: $input) {
  link { id kind state targetUnit { code } targetPetitionId targetTrackingNumber
         targetStatus isTargetOpen }
  errors { code message field } } }"""
ASSIGN = """mutation($input: PetitionAssignInput!) { petitionAssign(input: $input) {
  link { id kind state dueOn targetPetitionId returnCount }
  errors { code message field } } }"""
SUBJECT = """mutation($input: CaseSubjectRecordInput!) { caseSubjectRecord(input: $input) {
  suggestedUnit { code } errors { code } } }"""
SUBMIT = """mutation($input: ResultReportSubmitInput!) { resultReportSubmit(input: $input) {
  report { id state finding } errors { code message } } }"""
DECIDE = """mutation($id: ID!, $accept: Boolean!, $note: String) {
  resultReportDecide(reportId: $id, accept: $accept, note: $note) {
    report { state decisionNote } errors { code message } } }"""
LINKS = """query($direction: LinkDirection) { caseLinks(direction: $direction) {
  id kind state targetUnit { code } targetStatus isTargetOpen returnCount
  events { action unitCode } reports { state } } }"""
SCAN = """mutation($id: UUID!) { petitionRepeatScan(petitionId: $id) {
  matches { kind basis matchedUnitCode isMergeOffered } errors { code } } }"""
LETTER = (
    "尊敬的领导：我反映某镇党委在干部选拔任用中违规操作，未经民主推荐和考察程序，"
    "直接将不符合任职条件的人员提拔为副科级干部，群众意见很大，请上级组织部门调查处理。"
)


def send(client, query, field, petition_id, target, **extra):
    """Send a petition to `target` with TRANSFER, ASSIGN or an escalation."""
    variables = {
        "input": {"petitionId": str(petition_id), "targetCode": target, **extra}
    }
    return client.ok(query, variables)[field]


def report_submit(client, link_id, *, finding="TRUE", handling="已处理", **extra):
    """The lower unit's result report on an assignment; the report's fields."""
    variables = {
        "input": {"linkId": link_id, "finding": finding, "handling": handling, **extra}
    }
    return client.ok(SUBMIT, variables)["resultReportSubmit"]["report"]


def person(citizen_id="", phone=""):
    return [PetitionerData(name="张某某", citizen_id=citizen_id, phone=phone)]


def scan(gql, tree, unit_key, fact):
    client = gql(tree.user(unit_key, "registrar"))
    return client.ok(SCAN, {"id": str(fact.petition_id)})["petitionRepeatScan"]


def assert_internal_error(body) -> None:
    """The caller sees only the request id, never the exception's text."""
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert (
        error["message"] == f"系统内部错误（编号 {error['extensions']['requestId']}）"
    )


def assert_facts_equal_a_rebuild(tree) -> None:
    from supervision.facts.petition_fact import (
        crosslevel_index,
        petition_fact_values,
    )
    from supervision.facts.rebuild import COMPARED, expected_facts

    units = {unit.pk: unit for unit in tree.units.values()}
    # rebuild_facts derives them in SQL: the same values
    derived = expected_facts(list(units.values()))
    assert set(derived) == {
        str(pk) for pk in CaseFact.objects.values_list("petition_id", flat=True)
    }
    for fact in CaseFact.objects.all():
        unit = units[fact.unit_id]
        with in_unit(unit):
            petition = Petition.objects.get(pk=fact.petition_id)
            expected = petition_fact_values(petition, unit)
            # rebuild_facts reads the cross-level rows of a unit at once
            pks = list(Petition.objects.values_list("pk", flat=True))
            indexed = petition_fact_values(petition, unit, crosslevel_index(pks))
        stored = {name: getattr(fact, name) for name in expected}
        assert stored == expected, fact.tracking_number
        assert indexed == expected, fact.tracking_number
        assert derived[str(fact.petition_id)] == {
            name: expected[name] for name in COMPARED
        }, fact.tracking_number
