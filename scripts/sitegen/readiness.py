"""data/readiness.yml: per route, what a partner must be ready for. Checked like every data file:
each problem names the file, the key and the language."""

from __future__ import annotations

import re
from typing import Any

from sitegen.validation import Checker

PAGE_LINK = re.compile(r"^[\w-]+(/[\w-]+)*\.md(#[\w-]+)?$")  # a page of docs/, with an optional anchor


def check_readiness(node: Any, routes: list[str], actors: dict, sources: dict, check: Checker) -> dict:
    """The file's content with every item checked; an empty content when its shape is wrong."""
    if not check.mapping(node, "", ("routes",)):
        return {}
    by_route = check.free_mapping(node["routes"], "routes")
    for route in routes:
        if route not in by_route:
            check.problem(f"routes.{route}", "missing list (every route of data/partner-models.yml needs its items)")
    for route, items in by_route.items():
        check.reference(route, f"routes.{route}", set(routes), "route of data/partner-models.yml")
        for item_id, item in check.unique_ids(check.sequence(items, f"routes.{route}"), f"routes.{route}").items():
            _check_item(item, f"routes.{route}[{item_id}]", actors, sources, check)
    return node


def _check_item(item: dict, path: str, actors: dict, sources: dict, check: Checker) -> None:
    if not check.mapping(item, path, ("id", "text", "who", "link", "source")):
        return
    check.text(item["text"], f"{path}.text")
    who = check.sequence(item["who"], f"{path}.who")
    if not who and isinstance(item["who"], list):
        check.problem(f"{path}.who", "expected at least one actor of data/partner-path.yml")
    for index, actor in enumerate(who):
        check.reference(actor, f"{path}.who[{index}]", actors, "actor of data/partner-path.yml")
    if not isinstance(item["link"], str) or not PAGE_LINK.match(item["link"]):
        check.problem(f"{path}.link", "expected a page of docs/ such as community-sponsorship.md "
                                      f"or become-a-partner.md#contact, found {item['link']!r}")
    check.reference(item["source"], f"{path}.source", sources, "source")
