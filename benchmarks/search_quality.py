"""The query set of tests/search_queries.yml run through the site's real search worker, on a
built and served site, in Chromium: which results come first, and how long each answer takes.

Used by tests/test_search.py (hit rate) and `make bench` (hit rate, bytes, latency at scale).
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "search_queries.yml"
TOP = 3
WORKER = "assets/javascripts/search-worker.js"

# In the page: the worker Material starts, set up with the language's index as Material sends it.
RUN_QUERIES = """async ({worker, index, queries}) => {
  const search = new Worker(worker);
  const ask = (type, data) => new Promise((resolve, reject) => {
    search.onmessage = (event) => resolve(event.data);
    search.onerror = (event) => reject(new Error(`search worker: ${event.message}`));
    search.postMessage({type, data});
  });
  await ask(0, await (await fetch(index)).json());
  const answers = [];
  for (const query of queries) {
    const started = performance.now();
    const {data} = await ask(2, query);
    answers.push({ms: performance.now() - started,
                  results: data.items.map((group) => group.map((doc) => doc.location))});
  }
  search.terminate();
  return answers;
}"""


def load_queries(path: Path = QUERIES) -> dict[str, list[dict]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def language_root(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def answered(results: list[list[str]], answers: list[str]) -> bool:
    """One of the answers among the first TOP results (each result: a page's best section); an
    answer may name any page with `*` (`models/*/#funding`: every model page's funding section)."""
    for group in results[:TOP]:
        best = group[0]
        if any(fnmatchcase(best, answer) or ("#" not in answer and fnmatchcase(best.split("#")[0], answer))
               for answer in answers):
            return True
    return False


def run_queries(page, base_url: str, lang: str, default: str, queries: list[dict]) -> list[dict]:
    """`page` is open on the site (any page); each query with its results, time and verdict."""
    root = language_root(lang, default)
    answers = page.evaluate(RUN_QUERIES, {"worker": f"{base_url}{WORKER}",
                                          "index": f"{base_url}{root}search/search_index.json",
                                          "queries": [item["query"] for item in queries]})
    return [{**item, **answer, "hit": answered(answer["results"], item["answers"])}
            for item, answer in zip(queries, answers)]


def hit_rate(results: list[dict]) -> float:
    return sum(result["hit"] for result in results) / len(results)
