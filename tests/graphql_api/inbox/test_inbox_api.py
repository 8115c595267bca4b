"""The in-app inbox (站内通知) through GraphQL, and its mail when configured."""

from supervision.facts.models import CaseFact
from tests.factories.crosslevel import close_petition, petition_fact
from tests.graphql_api.crosslevel.flows import (
    ASSIGN,
    DECIDE,
    TRANSFER,
    report_submit,
    send,
)


def test_inbox_lists_own_messages_and_marks_them_read(tree, gql):
    fact = petition_fact(tree, "city")
    send(
        gql(tree.user("city", "registrar")),
        TRANSFER,
        "petitionTransfer",
        fact.petition_id,
        "320102",
    )
    inbox = gql(tree.user("county_a", "leader"))
    page = inbox.ok(
        "{ notifications(unreadOnly: true) { totalCount items { id kind isRead } } }"
    )
    items = page["notifications"]["items"]
    assert [(i["kind"], i["isRead"]) for i in items] == [("CASE_RECEIVED", False)]
    inbox.ok(
        "mutation($ids: [ID!]!) { notificationMarkRead(ids: $ids) { marked } }",
        {"ids": [items[0]["id"]]},
    )
    after = inbox.ok("{ notifications(unreadOnly: true) { totalCount } }")
    assert after == {"notifications": {"totalCount": 0}}


def test_notifications_are_mailed_when_configured(
    tree, gql, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_EMAIL_ENABLED = True
    leader = tree.user("county_a", "leader")
    type(leader).objects.filter(pk=leader.pk).update(email="leader@xw.example")
    fact = petition_fact(tree, "city")
    with django_capture_on_commit_callbacks(execute=True):
        link = send(
            gql(tree.user("city", "registrar")),
            TRANSFER,
            "petitionTransfer",
            fact.petition_id,
            "320102",
        )["link"]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["leader@xw.example"],
            f"南京市委组织部转办信访件 {link['targetTrackingNumber']}",
        )
    ]


NOTIFICATIONS = "{ notifications { items { kind title } } }"


def test_a_township_liaison_is_told_of_an_assignment_and_its_report_returned(tree, gql):
    # given 玄武区 assigns a case to its township, whose liaison reports results
    fact = petition_fact(tree, "county_a")
    county = gql(tree.user("county_a", "registrar"))
    link = send(county, ASSIGN, "petitionAssign", fact.petition_id, "320102002")
    assert link["errors"] == []
    liaison = gql(tree.user("township", "liaison"))
    # then the liaison, who holds no CROSS_LEVEL_FLOW, is told as the leader is
    received = liaison.ok(NOTIFICATIONS)["notifications"]["items"]
    assert [item["kind"] for item in received] == ["CASE_RECEIVED"]
    assert received[0]["title"].endswith(
        f"交办信访件 {CaseFact.objects.get(petition_id=link['link']['targetPetitionId']).tracking_number}"
    )
    # and, when the township reports and the county sends the report back,
    # of the return too
    close_petition(tree, "township", link["link"]["targetPetitionId"])
    report = report_submit(liaison, link["link"]["id"])
    returned = county.ok(
        DECIDE, {"id": report["id"], "accept": False, "note": "未反馈信访人"}
    )["resultReportDecide"]
    assert returned["errors"] == []
    kinds = [i["kind"] for i in liaison.ok(NOTIFICATIONS)["notifications"]["items"]]
    assert sorted(kinds) == ["CASE_RECEIVED", "REPORT_RETURNED"]
