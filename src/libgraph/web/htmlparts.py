"""The small HTML pieces every page repeats (links, values, evidence marks, table cells).

They were Jinja macros; a page calls them hundreds of times, and a macro call costs several
Python frames, so they are plain functions here (template globals, registered by
``create_app``) that write the same markup. Every text goes through ``markupsafe.escape``,
as autoescaping did; the result is ``Markup`` so templates do not escape it again. A missing
key writes nothing, as an undefined value did in the template.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape


def _text(item: Mapping[str, Any], key: str) -> str:
    return str(escape(item[key])) if key in item else ""


def _lang_attr(item: Mapping[str, Any]) -> str:
    lang = item.get("lang")
    return f' lang="{escape(lang)}"' if lang else ""


def _link(item: Mapping[str, Any] | None) -> str:
    if item is None:
        return ""
    href = item.get("href")
    if href:
        label = item.get("label")
        if type(label) is str and type(href) is str:  # the usual link: made once per process
            return _anchor(href, label, item.get("lang"), item.get("kind"))
        kind = item.get("kind")
        kind_attr = f' class="k-{escape(kind)}"' if kind else ""
        return (f'<a href="{escape(href)}"{_lang_attr(item)}{kind_attr}>'
                f'{_text(item, "label")}</a>')
    return f"<span{_lang_attr(item)}>{_text(item, 'label')}</span>"


@lru_cache(maxsize=1 << 15)
def _anchor(href: str, label: str, lang: Any, kind: Any) -> str:
    """``<a>`` of a link with a text label: a list page writes a few hundred, most of them
    (countries, types, organisations) written by earlier pages already."""
    kind_attr = f' class="k-{escape(kind)}"' if kind else ""
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    return f'<a href="{escape(href)}"{lang_attr}{kind_attr}>{escape(label)}</a>'


def _evidence(refs: Iterable[Mapping[str, Any]]) -> str:
    parts = []
    for ref in refs:
        rule = f" ({escape(ref['rule'])})" if ref.get("rule") else ""
        parts.append(f' <a class="ev" href="{_text(ref, "href")}" '
                     f'title="“{_text(ref, "quote")}”{rule}">¶</a>')
    return "".join(parts)


def _quotes(refs: Iterable[Mapping[str, Any]], more: int = 0) -> str:
    parts = []
    for ref in refs:
        date = f' <small class="date">{_text(ref, "date")}</small>' if ref.get("date") else ""
        parts.append(f'<q class="quote">{_text(ref, "before")}<a href="{_text(ref, "href")}">'
                     f'{_text(ref, "quote")}</a>{_text(ref, "after")}</q>{date}')
    if more:
        parts.append(f' <small class="more">+{int(more)}</small>')
    return "".join(parts)


def link(item: Mapping[str, Any] | None) -> Markup:
    """``<a href class="k-{kind}" lang>label</a>``, or a ``<span>`` when there is no href."""
    return Markup(_link(item))


def evidence(refs: Iterable[Mapping[str, Any]] | None) -> Markup:
    """A ¶ link to the words behind a fact, per reference."""
    return Markup(_evidence(refs or []))


def value(item: Mapping[str, Any]) -> Markup:
    """A statement's object: a link with its evidence, a blank node, or a literal with its
    language tag or datatype."""
    kind = item.get("type")
    if kind == "iri":
        return Markup(_link(item) + _evidence(item.get("evidence") or []))
    if kind == "bnode":
        return Markup(f"<code>{_text(item, 'label')}</code>")
    lang = item.get("lang")
    out = f'<span class="lit"{_lang_attr(item)}>{_text(item, "label")}</span>'
    if lang:
        out += f' <small class="tag">@{escape(lang)}</small>'
    elif item.get("datatype"):
        out += f' <small class="tag">{escape(item["datatype"])}</small>'
    return Markup(out)


def cell(item: Mapping[str, Any] | None) -> Markup:
    """A table cell: several links, evidence marks, one link, or a text."""
    if item is None:
        return Markup("")
    if "links" in item:
        return Markup(", ".join(_link(x) for x in item["links"]))
    if "evidence" in item:
        return Markup(_evidence(item["evidence"]))
    if "quotes" in item:
        return Markup(_quotes(item["quotes"], item.get("more") or 0))
    if "href" in item:
        return Markup(_link(item))
    return Markup(f"<span{_lang_attr(item)}>{_text(item, 'text')}</span>")


def list_rows(page: Mapping[str, Any]) -> Markup:
    """The ``<tbody>`` rows of a list page: the item's link, then each column (links for IRI
    columns, texts joined by ``; `` otherwise, counts right-aligned)."""
    columns = [(c["name"], c["kind"], ' class="num"' if c["kind"] == "count" else "")
               for c in page["columns"]]
    parts = []
    for row in page["rows"]:
        parts.append(f"\n      <tr><td>{_link(row['item'])}</td>\n      ")
        for name, kind, attr in columns:
            if kind == "iri":
                inner = ", ".join(_link(v) for v in row[name])
            else:
                inner = str(escape("; ".join(str(v) for v in row[name])))
            parts.append(f"<td{attr}>{inner}</td>")
        parts.append("</tr>\n    ")
    if not parts:
        parts.append(f'<tr><td colspan="{len(columns) + 1}">Nothing matches these filters.'
                     "</td></tr>\n    ")
    return Markup("".join(parts))


def facet_items(values: Iterable[Mapping[str, Any]]) -> Markup:
    """The ``<li>`` toggle links of one facet, with counts."""
    parts = []
    for v in values:
        active = bool(v.get("active"))
        li = ' class="active"' if active else ""
        current = ' aria-current="true"' if active else ""
        parts.append(f'<li{li}><a href="{_text(v, "href")}"{current}>{_text(v, "label")}</a> '
                     f'<span class="n">{_text(v, "count")}</span></li>')
    return Markup("".join(parts))


def table_section(section: Mapping[str, Any]) -> Markup:
    """A section of an entity page that is a table (``id``, ``title``, ``total``, ``columns``,
    ``rows`` of cells, an optional ``note``); says how many rows of the total are shown."""
    columns = section["columns"]
    rows = section["rows"]
    head = ("<thead><tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
            + "</tr></thead>") if len(columns) > 1 else ""
    body = "".join("<tr>" + "".join(f"<td>{cell(c)}</td>" for c in row) + "</tr>\n    "
                   for row in rows)
    more = (f'<p class="more">Showing {len(rows)} of {escape(section["total"])}.</p>'
            if section["total"] > len(rows) else "")
    note = f'<p class="note">{escape(section["note"])}</p>' if section.get("note") else ""
    return Markup(f'<section class="block" id="s-{_text(section, "id")}">\n'
                  f'  <h2>{_text(section, "title")} <small>{_text(section, "total")}</small></h2>\n'
                  f"  <table>\n    {head}\n    <tbody>\n    {body}\n    </tbody>\n  </table>\n"
                  f"  {more}\n  {note}\n</section>")


def statement_rows(groups: Iterable[Mapping[str, Any]]) -> Markup:
    """The rows of an entity page's statements table: each property (linked, its CURIE as
    title) with its values, or the count of values a section shows instead."""
    parts = []
    for g in groups:
        prop = g["property"]
        if g.get("hidden"):
            cell_html = f"<em>{escape(g['count'])} value(s), shown above</em>"
        else:
            cell_html = ('<ul class="values">'
                         + "".join(f"<li>{value(v)}</li>" for v in g["values"]) + "</ul>")
        parts.append(f'\n      <tr><th scope="row"><a href="{escape(prop["href"])}" '
                     f'title="{escape(prop["curie"])}">{escape(prop["label"])}</a></th>\n'
                     f"      <td>{cell_html}</td></tr>\n    ")
    return Markup("".join(parts))


def evidence_items(items: Iterable[Mapping[str, Any]]) -> Markup:
    """The ``<li>`` of an entity page's evidence list: each mention's quote (linked to its
    place in the minutes), the document, offsets and rule, the other things it is about and
    the property it is evidence of (an agency's page lists hundreds)."""
    parts = []
    for e in items:
        rule = f" · rule <code>{escape(e['rule'])}</code>" if e.get("rule") else ""
        others = (" · also about " + ", ".join(_link(o) for o in e["others"])
                  if e.get("others") else "")
        what = (f" · evidence of <em>{escape(e['evidence_of'].get('label', ''))}</em>"
                if e.get("evidence_of") else "")
        parts.append(f'\n    <li><blockquote><a href="{_text(e, "href")}">“{_text(e, "quote")}”'
                     f"</a></blockquote>\n      <p>in {_link(e.get('minutes_link'))}, characters "
                     f"{_text(e, 'start')}–{_text(e, 'end')}{rule}\n      {others}\n      "
                     f"{what}</p></li>\n  ")
    return Markup("".join(parts))


def incoming_groups(groups: Iterable[Mapping[str, Any]], iri: str) -> Markup:
    """The ``<details>`` of an entity page's "Linked from" section: per property, a sample
    of the things that link here (with their evidence) and a SPARQL link to all of them."""
    from jinja2.filters import do_urlencode

    parts = []
    for g in groups:
        prop = g["property"]
        more = ""
        if g.get("more"):
            query = {"query": f"SELECT ?s WHERE {{ ?s <{prop['iri']}> <{iri}> }}"}
            more = (f'<p class="more">and {escape(g["more"])} more — <a href="/sparql?'
                    f'{escape(do_urlencode(query))}">list them in SPARQL</a></p>')
        subjects = "".join(f"<li>{_link(s)}{_evidence(s.get('evidence') or [])}</li>"
                           for s in g["subjects"])
        parts.append(f"\n  <details{' open' if g['count'] <= 12 else ''}>\n"
                     f"    <summary>{escape(g['summary'])} <small>(<a href=\""
                     f"{escape(prop['href'])}\">{escape(prop['curie'])}</a>)</small></summary>\n"
                     f'    <ul class="values cols">{subjects}</ul>\n'
                     f"    {more}\n  </details>\n  ")
    return Markup("".join(parts))


HELPERS = {"link": link, "evidence": evidence, "value": value, "cell": cell,
           "list_rows": list_rows, "facet_items": facet_items, "table_section": table_section,
           "statement_rows": statement_rows, "incoming_groups": incoming_groups,
           "evidence_items": evidence_items}
