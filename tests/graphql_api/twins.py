"""The deprecated unpaginated lists and their paged twins agree."""

from __future__ import annotations


def assert_page_twin(client, list_field: str, selection: str, arguments: str = ""):
    """Ask `list_field` and `<list_field>Page` for the same rows: one page of
    the twin holds the whole list, in the same order, with its count."""
    listed = f"({arguments})" if arguments else ""
    paged = f"({arguments}, limit: 200)" if arguments else "(limit: 200)"
    data = client.ok(
        f"{{ {list_field}{listed} {{ {selection} }}"
        f" page: {list_field}Page{paged} {{ items {{ {selection} }} totalCount }} }}"
    )
    assert data["page"] == {
        "items": data[list_field],
        "totalCount": len(data[list_field]),
    }
    return data[list_field]
