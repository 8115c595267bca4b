"""The in-app inbox (站内通知) through GraphQL, and its mail when configured."""

from tests.factories.crosslevel import petition_fact
from tests.graphql_api.crosslevel.flows import TRANSFER, send


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
