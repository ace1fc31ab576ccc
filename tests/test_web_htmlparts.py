"""The explorer's HTML pieces in Python (libgraph.web.htmlparts) write exactly what the Jinja
macros they replaced wrote, hostile input included (the macros are kept here as the reference)."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import DictLoader, Environment

from libgraph.web.htmlparts import (
    cell,
    evidence,
    evidence_items,
    facet_items,
    link,
    list_rows,
    table_section,
    value,
)

MACROS = """
{% macro link(l) -%}
{%- if l is none -%}
{%- elif l.href -%}<a href="{{ l.href }}"{% if l.lang %} lang="{{ l.lang }}"{% endif %}{% if l.kind %} class="k-{{ l.kind }}"{% endif %}>{{ l.label }}</a>
{%- else -%}<span{% if l.lang %} lang="{{ l.lang }}"{% endif %}>{{ l.label }}</span>
{%- endif -%}
{%- endmacro %}
{% macro evidence(refs) -%}
{%- for e in refs %} <a class="ev" href="{{ e.href }}" title="“{{ e.quote }}”{% if e.rule %} ({{ e.rule }}){% endif %}">¶</a>{% endfor -%}
{%- endmacro %}
{% macro value(v) -%}
{%- if v.type == 'iri' -%}{{ link(v) }}{{ evidence(v.evidence or []) }}
{%- elif v.type == 'bnode' -%}<code>{{ v.label }}</code>
{%- else -%}<span class="lit"{% if v.lang %} lang="{{ v.lang }}"{% endif %}>{{ v.label }}</span>{% if v.lang %} <small class="tag">@{{ v.lang }}</small>{% elif v.datatype %} <small class="tag">{{ v.datatype }}</small>{% endif %}
{%- endif -%}
{%- endmacro %}
{% macro cell(c) -%}
{%- if c is none -%}
{%- elif c.links is defined -%}{% for l in c.links %}{{ link(l) }}{% if not loop.last %}, {% endif %}{% endfor %}
{%- elif c.evidence is defined -%}{{ evidence(c.evidence) }}
{%- elif c.href is defined -%}{{ link(c) }}
{%- else -%}<span{% if c.lang %} lang="{{ c.lang }}"{% endif %}>{{ c.text }}</span>
{%- endif -%}
{%- endmacro %}
{% macro table_section(s) -%}
<section class="block" id="s-{{ s.id }}">
  <h2>{{ s.title }} <small>{{ s.total }}</small></h2>
  <table>
    {% if s.columns|length > 1 %}<thead><tr>{% for c in s.columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>{% endif %}
    <tbody>
    {% for row in s.rows %}<tr>{% for c in row %}<td>{{ cell(c) }}</td>{% endfor %}</tr>
    {% endfor %}
    </tbody>
  </table>
  {% if s.total > s.rows|length %}<p class="more">Showing {{ s.rows|length }} of {{ s.total }}.</p>{% endif %}
  {% if s.note %}<p class="note">{{ s.note }}</p>{% endif %}
</section>
{%- endmacro %}
"""  # noqa: E501

ROWS = """    <tbody>
    {% for row in page.rows %}
      <tr><td>{{ link(row.item) }}</td>
      {% for c in page.columns %}<td{% if c.kind == 'count' %} class="num"{% endif %}>{% if c.kind == 'iri' %}{% for v in row[c.name] %}{{ link(v) }}{% if not loop.last %}, {% endif %}{% endfor %}{% else %}{{ row[c.name]|join('; ') }}{% endif %}</td>{% endfor %}</tr>
    {% else %}<tr><td colspan="{{ page.columns|length + 1 }}">Nothing matches these filters.</td></tr>
    {% endfor %}
    </tbody>"""  # noqa: E501

FACETS = """<ul>{% for v in values %}<li{% if v.active %} class="active"{% endif %}><a href="{{ v.href }}"{% if v.active %} aria-current="true"{% endif %}>{{ v.label }}</a> <span class="n">{{ v.count }}</span></li>{% endfor %}</ul>"""  # noqa: E501

EVIL = '"><script>alert(1)</script>&amp;\''
LINKS: list[Any] = [
    None,
    {"href": "/id/x", "label": "X", "lang": "sv", "kind": "meeting"},
    {"href": "/id/x?lang=en&a=<b>", "label": EVIL, "lang": None, "kind": None},
    {"href": None, "label": EVIL, "lang": EVIL},
    {"href": "", "label": None},
    {"label": "no href at all"},
    {"href": "/x", "kind": EVIL},
]
REFS: list[Any] = [[], [{"href": "/m?hl=1-2", "quote": EVIL, "rule": None}],
                   [{"href": EVIL, "quote": "q", "rule": EVIL}, {"href": "/a", "quote": ""}]]
VALUES: list[Any] = [
    {"type": "iri", **LINKS[1], "evidence": REFS[1]},
    {"type": "iri", **LINKS[2]},
    {"type": "iri", **LINKS[3], "evidence": None},
    {"type": "bnode", "label": "_:b" + EVIL},
    {"type": "literal", "label": EVIL, "lang": "nb", "datatype": None},
    {"type": "literal", "label": "12", "lang": None, "datatype": "xsd:integer"},
    {"type": "literal", "label": EVIL, "lang": None, "datatype": None},
]
CELLS: list[Any] = [None, {"links": LINKS[1:4]}, {"links": []}, {"evidence": REFS[2]},
                    LINKS[1], {"text": EVIL, "lang": "da"}, {"text": 3}]


@pytest.fixture(scope="module")
def env() -> Environment:
    return Environment(loader=DictLoader({"m.html": MACROS}), autoescape=True)


def macro(env: Environment, name: str, arg: Any) -> str:
    return str(env.from_string(f'{{% from "m.html" import {name} %}}{{{{ {name}(x) }}}}')
               .render(x=arg))


@pytest.mark.parametrize("item", LINKS)
def test_link(env: Environment, item: Any) -> None:
    assert str(link(item)) == macro(env, "link", item)


@pytest.mark.parametrize("refs", REFS)
def test_evidence(env: Environment, refs: Any) -> None:
    assert str(evidence(refs)) == macro(env, "evidence", refs)


@pytest.mark.parametrize("item", VALUES)
def test_value(env: Environment, item: Any) -> None:
    assert str(value(item)) == macro(env, "value", item)


@pytest.mark.parametrize("item", CELLS)
def test_cell(env: Environment, item: Any) -> None:
    assert str(cell(item)) == macro(env, "cell", item)


def test_no_script_survives() -> None:
    html = str(value(VALUES[1])) + str(cell(CELLS[5])) + str(link(LINKS[3]))
    assert "<script" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("rows", [[], [
    {"item": LINKS[1], "org": [LINKS[2], LINKS[3]], "date": ["2020-01-01", EVIL], "n": ["3"]},
    {"item": LINKS[2], "org": [], "date": [], "n": ["0"]}]])
def test_list_rows(env: Environment, rows: list[Any]) -> None:
    page = {"rows": rows, "columns": [{"name": "org", "kind": "iri"},
                                      {"name": "date", "kind": "text"},
                                      {"name": "n", "kind": "count"}]}
    template = env.from_string('{% from "m.html" import link %}' + ROWS)
    expected = template.render(page=page)
    assert "    <tbody>\n    " + str(list_rows(page)) + "\n    </tbody>" == expected


def test_facet_items(env: Environment) -> None:
    values = [{"href": "/people?country=se", "label": "Sverige", "count": 3, "active": True},
              {"href": EVIL, "label": EVIL, "count": 1, "active": False}]
    expected = env.from_string(FACETS).render(values=values)
    assert "<ul>" + str(facet_items(values)) + "</ul>" == expected


SECTIONS: list[Any] = [
    {"id": "attendees", "title": "Attendees", "total": 3, "columns": ["Person", EVIL],
     "rows": [[LINKS[1], CELLS[1]], [CELLS[5], None], [CELLS[3], CELLS[6]]], "note": None},
    {"id": EVIL, "title": EVIL, "total": 120, "columns": ["Only one"],
     "rows": [[LINKS[2]]], "note": EVIL},
    {"id": "empty", "title": "Nothing", "total": 0, "columns": [], "rows": []},
]


@pytest.mark.parametrize("section", SECTIONS)
def test_table_section(env: Environment, section: Any) -> None:
    assert str(table_section(section)) == macro(env, "table_section", section)


EVIDENCE_LIST = """  <ol class="evidence">
  {% for e in items %}
    <li><blockquote><a href="{{ e.href }}">“{{ e.quote }}”</a></blockquote>
      <p>in {{ link(e.minutes_link) }}, characters {{ e.start }}–{{ e.end }}{% if e.rule %} · rule <code>{{ e.rule }}</code>{% endif %}
      {% if e.others %} · also about {% for o in e.others %}{{ link(o) }}{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}
      {% if e.evidence_of %} · evidence of <em>{{ e.evidence_of.label }}</em>{% endif %}</p></li>
  {% endfor %}
  </ol>"""  # noqa: E501
ITEMS: list[Any] = [
    {"href": "/id/minutes/a?hl=3-9#m-3-9", "quote": "Anna Berg", "start": 3, "end": 9,
     "rule": "attendance-list", "minutes_link": LINKS[1], "others": [LINKS[1], LINKS[2]],
     "evidence_of": {"label": "attendee"}},
    {"href": EVIL, "quote": EVIL, "start": 0, "end": 12, "rule": EVIL,
     "minutes_link": LINKS[3], "others": [], "evidence_of": {"label": EVIL}},
    {"href": "/b", "quote": "", "start": 5, "end": 5, "rule": None, "minutes_link": None,
     "others": None, "evidence_of": None},
]


@pytest.mark.parametrize("items", [[], ITEMS, ITEMS[1:2]])
def test_evidence_items(env: Environment, items: list[Any]) -> None:
    """The evidence list of an entity page (an agency's has hundreds of items)."""
    expected = env.from_string('{% from "m.html" import link %}' + EVIDENCE_LIST).render(
        items=items)
    html = str(evidence_items(items))
    assert '  <ol class="evidence">\n  ' + html + "\n  </ol>" == expected
    assert "<script" not in html
