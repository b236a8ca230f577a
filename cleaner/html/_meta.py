"""A page's metadata from JSON-LD, <meta> and <title>: title, author, date, section, URL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from dateutil import parser as date_parser

_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "webpage",
}


@dataclass
class Head:
    """What a page's <head> says about it (read in one pass over the head alone)."""

    metas: dict[str, str] = field(default_factory=dict)
    canonical: str = ""
    title: str = ""
    json_ld: list[str] = field(default_factory=list)


def read_head(root: Any, head_element: Any) -> Head:
    """Metadata of the <head> (lxml elements); a page without <head> is searched whole."""
    head = Head()
    scope = head_element if head_element is not None else root
    if scope is None:
        return head
    for element in scope.iter("meta", "link", "title", "script"):
        name = element.tag
        if name == "meta":
            key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
            content = (element.get("content") or "").strip()
            if key and content:
                head.metas.setdefault(key, content)
        elif name == "link":
            if "canonical" in (element.get("rel") or "").split() and element.get("href") and not head.canonical:
                head.canonical = element.get("href")
        elif name == "title":
            head.title = head.title or "".join(element.itertext())
        elif "ld+json" in element.get("type", "").lower():
            head.json_ld.append("".join(element.itertext()))
    return head


def page_metadata(head: Head, json_ld: Sequence[str] = ()) -> dict[str, str]:
    """Title, author, date, section, URL and description from JSON-LD, <meta> and <title>, best first."""
    found: dict[str, str] = dict(_json_ld([*head.json_ld, *json_ld]))
    metas = head.metas
    for key, names in (
        ("title", ("og:title", "twitter:title", "headline")),
        ("author", ("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author")),
        (
            "date",
            (
                "article:published_time",
                "datepublished",
                "date",
                "pubdate",
                "dc.date",
                "parsely-pub-date",
                "sailthru.date",
                "og:updated_time",
                "article:modified_time",
            ),
        ),
        ("section", ("article:section", "section", "parsely-section")),
        ("url", ("og:url",)),
        ("description", ("og:description", "description", "twitter:description")),
    ):
        for name in names:
            value = metas.get(name)
            if value and (key == "url" or not value.startswith("http")):  # an author "profile URL" is no name
                found.setdefault(key, value)
                break
    if head.canonical:
        found.setdefault("url", head.canonical)
    if head.title.strip():
        found.setdefault("title", head.title)
    if "author" in found:
        found["author"] = re.sub(r"^\s*by\s+", "", found["author"], flags=re.IGNORECASE)
    if "date" in found:
        iso = iso_date(found["date"])
        if iso:
            found["date"] = iso
        else:
            del found["date"]
    return {key: _SPACES.sub(" ", value).strip() for key, value in found.items() if value and value.strip()}


def iso_date(value: str) -> str | None:
    try:
        moment = date_parser.parse(value)
    except (ValueError, OverflowError):
        return None
    if moment.hour == moment.minute == moment.second == 0 and moment.tzinfo is None and len(value.strip()) <= 10:
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def _json_ld(scripts: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for script in scripts:
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for item in _items(data):
            kind = item.get("@type")
            kinds = {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}
            if not kinds & _ARTICLE_TYPES:
                continue
            for key, field_name in (
                ("title", "headline"),
                ("date", "datePublished"),
                ("section", "articleSection"),
                ("url", "url"),
                ("description", "description"),
            ):
                value = item.get(field_name)
                if isinstance(value, list):
                    value = value[0] if value else None
                if isinstance(value, str) and value.strip():
                    found.setdefault(key, value)
            author = _person_name(item.get("author"))
            if author:
                found.setdefault("author", author)
    return found


def _items(data: Any) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(reversed(current))
        elif isinstance(current, dict):
            yield current
            if "@graph" in current:
                stack.append(current["@graph"])


def _person_name(author: Any) -> str | None:
    if isinstance(author, str):
        return author
    if isinstance(author, dict):
        return author.get("name") if isinstance(author.get("name"), str) else None
    if isinstance(author, list):
        names = [name for name in (_person_name(a) for a in author) if name]
        return " and ".join(names) if names else None
    return None


def page_titles(head: Head) -> list[str]:
    """The titles the page gives itself in <title>, og:title and twitter:title."""
    titles = [head.title, head.metas.get("og:title", ""), head.metas.get("twitter:title", "")]
    return [title for title in titles if title.strip()]
