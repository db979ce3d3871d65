"""data/partner-path.yml: the steps to become a partner and the texts that follow the programme
status. Checked like every data file: each problem names the file, the key and the language."""

from __future__ import annotations

from typing import Any

from sitegen.validation import Checker

PAGE_LINK_SUFFIX = ".md"
STATUS_TEXTS = ("steps_intro", "home_status", "faq_call")


def check_partner_path(node: Any, sources: dict, statuses: tuple[str, ...], check: Checker) -> dict:
    """The file's content with every step checked; an empty content when its shape is wrong."""
    if not check.mapping(node, "", ("actors", "steps", "by_status")):
        return {}
    actors = check.free_mapping(node["actors"], "actors")
    for actor_id, name in actors.items():
        check.identifier(actor_id, f"actors.{actor_id}")
        check.text(name, f"actors.{actor_id}")
    steps = check.unique_ids(check.sequence(node["steps"], "steps"), "steps")
    for step_id, step in steps.items():
        _check_step(step, f"steps[{step_id}]", actors, sources, statuses, check)
    by_status = check.free_mapping(node["by_status"], "by_status")
    for status in statuses:
        if check.mapping(by_status.get(status), f"by_status.{status}", STATUS_TEXTS):
            for key in STATUS_TEXTS:
                check.text(by_status[status][key], f"by_status.{status}.{key}")
    for status in by_status:
        if status not in statuses:
            check.problem(f"by_status.{status}", f"unknown status (known: {', '.join(statuses)})")
    return node


def _check_step(step: dict, path: str, actors: dict, sources: dict, statuses: tuple[str, ...],
                check: Checker) -> None:
    if not check.mapping(step, path, ("id", "title", "who", "prepare", "next", "source"),
                         ("or_previous", "when", "link", "link_text", "mail")):
        return
    for key in ("title", "prepare", "next"):
        check.text(step[key], f"{path}.{key}")
    for index, actor in enumerate(check.sequence(step["who"], f"{path}.who")):
        check.reference(actor, f"{path}.who[{index}]", actors, "actor")
    for index, status in enumerate(check.sequence(step.get("when", list(statuses)), f"{path}.when")):
        check.reference(status, f"{path}.when[{index}]", set(statuses), "status")
    check.reference(step["source"], f"{path}.source", sources, "source")
    if "link" in step:
        if not isinstance(step["link"], str) or not step["link"].endswith(PAGE_LINK_SUFFIX):
            check.problem(f"{path}.link", f"expected a page of docs/ such as models/route-guide.md, found {step['link']!r}")
        if "link_text" not in step:
            check.problem(f"{path}.link_text", "missing key (a step with a link names it)")
        else:
            check.text(step["link_text"], f"{path}.link_text")
    for key in ("or_previous", "mail"):
        if key in step and not isinstance(step[key], bool):
            check.problem(f"{path}.{key}", f"expected true or false, found {step[key]!r}")


def steps_for(path: dict, status: str) -> list[dict]:
    """The steps shown in this status, each with its number: a step marked `or_previous` shares
    the number of the step before it (GOV.UK step by step: 'or' between alternatives)."""
    shown, number = [], 0
    for step in path["steps"]:
        if status not in step.get("when", [status]):
            continue
        if not (step.get("or_previous") and shown):
            number += 1
        shown.append({**step, "number": number, "is_alternative": bool(step.get("or_previous") and shown)})
    return shown
