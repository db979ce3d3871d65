"""The generated partner-model pages in the built site, in every language."""

from __future__ import annotations


import pytest
import yaml

from conftest import LANGUAGES, ROOT, build, page_path, without_making_brochures
from sitegen.data import load_site_data
from sitegen.typography import typeset

DATA = load_site_data(ROOT / "data", LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_comparison_page_has_every_route_and_dimension(site, lang):
    html = page_path(site, lang, "models/comparison").read_text(encoding="utf-8")
    table = html[html.index("<table"):html.index("</table>")]
    assert "<caption>" in table
    for route in DATA.routes:
        assert f'<th scope="col">{route["name"][lang]}</th>' in table.replace("&#39;", "'")
    for dimension in DATA.dimensions:
        label = dimension["label"][lang]
        assert f'<th scope="row">{label}</th>' in table.replace("&#39;", "'"), label
        assert f'id="{dimension["id"]}"' in html  # each dimension is also a heading


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_fact_sheet_per_model_and_the_matrix_and_guide(site, lang):
    for model in DATA.models:
        html = page_path(site, lang, f"models/{model['id']}").read_text(encoding="utf-8")
        assert model["name"][lang] in html.replace("&#39;", "'")
    matrix = page_path(site, lang, "models/who-does-what").read_text(encoding="utf-8").replace("&#39;", "'")
    for phase in DATA.phases:
        assert f'<th scope="col">{phase["name"][lang]}</th>' in matrix
    guide = page_path(site, lang, "models/route-guide").read_text(encoding="utf-8").replace("&#39;", "'")
    start = guide.index('<form class="route-guide"')
    form = guide[start:guide.index("</form>", start)]
    assert form.count('type="radio"') == sum(len(q["answers"]) for q in DATA.route_guide)
    for question in DATA.route_guide:
        assert typeset(question["question"][lang], lang) in guide


def test_a_changed_value_shows_up_in_every_language_after_a_rebuild(project_copy):
    path = project_copy / "data" / "partner-models.yml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    duration = next(d for d in content["dimensions"] if d["id"] == "duration")
    duration["values"]["community-sponsorship"]["text"] = {
        "nl": "Achttien maanden proef", "fr": "Dix-huit mois d'essai", "en": "Eighteen months trial"}
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    without_making_brochures(project_copy)
    result = build(project_copy, project_copy / "site")
    assert result.returncode == 0, result.output
    for lang, text in (("nl", "Achttien maanden proef"), ("fr", "Dix-huit mois d&#39;essai"), ("en", "Eighteen months trial")):
        assert text in page_path(result.site, lang, "models/comparison").read_text(encoding="utf-8")
