"""A page's metadata from JSON-LD, <meta> and <title>: title, author, date, section, URL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
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
    properties: set[str] = field(default_factory=set)  # meta keys given by a `property` attribute
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
            keys = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower().split()
            content = (element.get("content") or "").strip()
            by_property = element.get("property") is not None
            for key in keys if content else ():
                # RDFa lists several properties in one attribute; "DC.title" and "dc:title" are one name,
                # and a property (the page's structured data) wins over a plain name.
                key = _DUBLIN_CORE.sub(r"\1:", key)
                if key not in head.metas or (by_property and key not in head.properties):
                    head.metas[key] = content
                if by_property:
                    head.properties.add(key)
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
        ("title", ("og:title", "twitter:title", "headline", "dc:title", "dcterms:title", "parsely-title", "title")),
        ("author", ("author", "article:author", "byl", "dc:creator", "parsely-author", "sailthru.author")),
        (
            "date",
            (
                "article:published_time",
                "datepublished",
                "date",
                "pubdate",
                "dc:date",
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
    site_names = [metas.get(name, "") for name in ("og:site_name", "application-name", "twitter:site")]
    site_names += [found.pop("publisher", "")]
    if "title" in found:
        found["title"] = without_site_name(found["title"], site_names, found.get("url", ""))
        if found.get("author"):  # "Story - Author - Site"
            found["title"] = without_site_name(found["title"], [found["author"]])
        if found["title"] == head.title:  # <title> is where sites put "Story | Section | Site"; og:title rarely
            found["title"] = _without_short_tail(found["title"])
    if "author" in found:
        found["author"] = without_site_name(found["author"], site_names, "")
    if "author" in found and _bare(found["author"]) in {_bare(name) for name in site_names if name}:
        del found["author"]  # the publisher is not the author
    if "author" in found:
        found["author"] = re.sub(r"^\s*by\s+", "", found["author"], flags=re.IGNORECASE)
    if "date" in found:
        iso = iso_date(found["date"])
        if iso:
            found["date"] = iso
        else:
            del found["date"]
    return {key: _SPACES.sub(" ", value).strip() for key, value in found.items() if value and value.strip()}


_DUBLIN_CORE = re.compile(r"^(dc|dcterms?)\.")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")  # scripts wrapped for XHTML parsers
_SEPARATOR = re.compile(r"\s+[|\-–—·:»/]{1,2}\s+")
_TAIL_SEPARATOR = re.compile(r"\s+[|\-–—·»/]{1,2}\s+")  # not ":", which opens a subtitle unless a site is named
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu"})
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.IGNORECASE)


def without_site_name(title: str, site_names: Sequence[str], url: str = "") -> str:
    """The title without the site's name said before or after it ("Story - CNN.com", "TechCrunch | Story")."""
    parts = _SEPARATOR.split(title.strip())
    if len(parts) < 2:
        return title
    host = re.sub(r"^(?:https?://)?(?:www\.)?([^/:]+).*$", r"\1", url.lower())
    names = {_bare(name.lstrip("@")) for name in site_names if name}
    labels = host.split(".")
    if len(labels) >= 2:  # the name the site registered: "cnn" of edition.cnn.com, "bbc" of www.bbc.co.uk
        names.add(_bare(labels[-3] if len(labels) > 2 and labels[-2] in _SECOND_LEVEL else labels[-2]))
    names.discard("")

    def is_site(part: str) -> bool:
        bare = _bare(part)
        return bare in names or bool(_DOMAIN.match(part.strip())) or (bool(host) and bare == _bare(host))

    separators = _SEPARATOR.findall(title.strip())
    if is_site(parts[-1]):
        return title.strip()[: title.strip().rfind(separators[-1])].strip()
    if is_site(parts[0]):
        return title.strip()[title.strip().find(separators[0]) + len(separators[0]) :].strip()
    return title


def _without_short_tail(title: str) -> str:
    """ "A story title of four words or more - Section - Site": the short parts after it are the site's."""
    parts = _TAIL_SEPARATOR.split(title.strip())
    if len(parts) >= 2 and len(parts[0].split()) >= 4 and all(len(part.split()) <= 3 for part in parts[1:]):
        return parts[0]
    return title


_BYLINE_WORDS = frozenset({"byline", "bylines", "author", "authors", "autor", "auteur", "autore", "byl"})
_NAME_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_BYLINE_LEAD = re.compile(
    r"(?i)^(?:written |posted |reported )?(?:by|von|par|por|door|di|da|przez|autor(?:in)?)\b:?\s*"
)
_BYLINE_END = re.compile(r"\s*(?:[|\n•·,;–—(]|\s-\s|\d|\b(?:on|am|le|el|il|op)\s).*", re.S)
_NAME_WORD = re.compile(r"^[A-ZÀ-Þ][\w.'’-]*$")


def visible_byline(blocks: Iterable[tuple[str, str]]) -> str | None:
    """The author's name from the first short block the page marks as a byline (class or id "byline",
    "author", ...), given (text, class and id words around it) per block: "By Jane Doe | May 4" gives
    "Jane Doe"."""
    for text, names in blocks:
        if len(text) > 120 or not names or not _BYLINE_WORDS.intersection(map(str.lower, _NAME_PARTS.findall(names))):
            continue
        name = _BYLINE_END.sub("", _BYLINE_LEAD.sub("", text.strip())).strip()
        words = name.split()
        if 2 <= len(words) <= 5 and all(_NAME_WORD.match(word) or word.lower() in _NAME_PARTICLES for word in words):
            return name
    return None


_NAME_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "du", "and", "und", "et", "y"}
)


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/-]|\.html?|$)")


_BESIDE_THE_STORY = frozenset({"nav", "aside"})
_PAGE_EDGES = frozenset({"header", "footer"})  # the page's own, unless inside the article (its dateline)
_THE_STORY = frozenset({"article", "main"})


def visible_date(root: Any, url: str) -> str | None:
    """The publication date when the head gives none: the first `<time datetime>` of the page outside its
    navigation, sidebars and the page's own header and footer (where today's date and other stories' dates
    are shown), else a /2019/04/28/ in its URL."""
    if root is not None:
        for element in root.iter("time"):
            around = {outer.tag for outer in element.iterancestors()}
            if around & _BESIDE_THE_STORY or (around & _PAGE_EDGES and not around & _THE_STORY):
                continue
            value = (element.get("datetime") or "").strip()
            date = iso_date(value) if value else None
            if date:
                return date
    match = _URL_DATE.search(url)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _bare(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


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
    for item, is_article in _json_ld_items(scripts):
        if not is_article:
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
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            found.setdefault("publisher", publisher["name"])
    return found


def article_body(scripts: list[str]) -> str:
    """The longest `articleBody` (or `text`) of the page's JSON-LD articles: some pages keep the story only there."""
    best = ""
    for item, is_article in _json_ld_items(scripts):
        # A comment's or an answer's `text` is not the story: only an article's counts.
        for key in ("articleBody", "text") if is_article else ("articleBody",):
            value = item.get(key)
            if isinstance(value, str) and len(value) > len(best):
                best = value
    return best.strip()


def _json_ld_items(scripts: list[str]) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every object in the page's JSON-LD scripts, and whether it is an article (NewsArticle, BlogPosting, ...)."""
    for script in scripts:
        try:
            data = json.loads(_CDATA.sub("", script))
        except ValueError:
            continue
        for item in _items(data):
            kind = item.get("@type")
            kinds = {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}
            yield item, bool(kinds & _ARTICLE_TYPES)


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
