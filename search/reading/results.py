"""Key results of an abstract: the sentences that carry numbers, what they measure and which way they point.

Also `numbers_in`, the normalised numbers of a text, which the answer checker uses to demand that every
number an answer sentence states is in its cited source. Every pattern here is linear on hostile input:
possessive quantifiers and bounded repeats only, no nested unbounded ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Direction = Literal["lower", "higher", "no_difference", ""]

# Lancet writes decimals as "0·58"; typesetters write minus as "−" and ranges with "–".
_DECIMAL_POINT = r"[.\u00b7\u22c5]"
_MINUS = "-\u2212\u2013"
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789\u2212")
_SEPARATORS = str.maketrans("", "", ",\u2009\u202f \u00a0")
# "16 602 participants": a space may group thousands or part two numbers, so both readings are kept.
_SPACED = re.compile(r"(?<![\d.,\u00b7])\d{1,3}(?:[ \u00a0]\d{3})++(?![\d.,\u00b7])")
# A sign only where no digit, letter or bracket precedes it: "0.45–0.75" is a range, "IL-6" a name.
_NUMBER = re.compile(
    rf"(?P<minus>(?<![\w.\u00b7)\]%])[{_MINUS}])?"
    rf"(?:(?P<whole>\d{{1,3}}(?:[,\u2009\u202f]\d{{3}})++(?!\d)|\d++)(?:{_DECIMAL_POINT}(?P<frac>\d++))?"
    rf"|{_DECIMAL_POINT}(?P<lone>\d++))"
)

_NUM = rf"[{_MINUS}]?(?:\d++(?:{_DECIMAL_POINT}\d++)?|{_DECIMAL_POINT}\d++)"
_RANGE = rf"{_NUM}\s?%?\s{{0,3}}(?:[{_MINUS}\u2014,;]|to)\s{{0,3}}{_NUM}\s?%?"
_RATIO_NAME = (
    r"(?:adjusted\s)?(?:hazards?|odds|risk|rate|incidence rate|incidence|prevalence)\sratios?"
    r"|relative\srisks?|a?HRs?|a?ORs?|a?RRs?|IRRs?|SIRs?|SMRs?"
)
_DIFFERENCE_NAME = (
    r"(?:(?:weighted|standardi[sz]ed|absolute|adjusted)\s)?(?:mean|median|risk)\sdifference"
    r"|[SW]?MD|AUC|area\sunder\sthe\s(?:ROC\s)?curve|C[-\s]statistic|NNT"
)
_STATISTIC = re.compile(
    # Ordered so the longest reading wins where two start at one place ("95% CI …" before "95%").
    rf"\b\d\d(?:{_DECIMAL_POINT}\d)?\s?%\s?(?:CI|CrI|confidence\sinterval|credible\sinterval)"
    rf"(?:\s?\[CI\])?[\s,:=]{{0,4}}{_RANGE}"
    rf"|\b(?:{_RATIO_NAME})\b(?:\s(?:for|of)\s[^\d,;:()=]{{1,60}}?)?[\s,:=]{{0,4}}(?:of\s|was\s)?{_NUM}"
    rf"(?:\s?\(\s?{_RANGE}\s?\))?"
    rf"|\b(?:{_DIFFERENCE_NAME})\b[\s,:=]{{0,4}}(?:of\s|was\s)?{_NUM}"
    rf"|(?<![\w.])[Pp](?:\s?for\s(?:trend|interaction|heterogeneity)|\svalues?|-values?)?\s?"
    rf"(?:[<>=≤≥]|&lt;|&gt;)\s?{_NUM}"
    rf"|(?<![\w.])(?:[rρβ]|beta)\s?=\s?{_NUM}"
    rf"|(?<![\w.\u00b7]){_NUM}\s?(?:%|per\s?cent\b)"
)
_RATIO_WITH_CI = re.compile(
    rf"\b(?:{_RATIO_NAME})\b[^\d]{{0,40}}?(?P<point>{_NUM})[^\d]{{0,30}}?(?:CI|interval|\()[^\d]{{0,12}}?"
    rf"(?P<low>{_NUM})\s?(?:[{_MINUS}\u2014,;]|to)\s?(?P<high>{_NUM})"
)

_NO_DIFFERENCE = re.compile(
    r"\b(?:no\s(?:statistically\s)?(?:significant\s)?"
    r"(?:difference|differences|effect|change|association|benefit|improvement)"
    r"|did\snot\s(?:significantly\s)?(?:differ|improve|reduce|increase|change|affect|prolong)"
    r"|(?:was|were)\snot\s(?:significantly\s|statistically\s){0,2}"
    r"(?:different|improved|reduced|increased|associated|prolonged)"
    r"|similar\s(?:in|between|among|to|across)|comparable|non-?significant)\b",
    re.I,
)
_LOWER = re.compile(
    r"\b(?:lower|reduced?|reduction|reductions|reducing|decreased?|decreases|decline[sd]?|fewer|less|shorter"
    r"|smaller|attenuated|diminished)\b",
    re.I,
)
_HIGHER = re.compile(
    r"\b(?:higher|increased?|increases|increasing|greater|more|longer|larger|improved?|improvements?|improving"
    r"|prolonged|elevated|rise|rose|gains?)\b",
    re.I,
)

_OUTCOME = (
    r"(?:overall|progression-free|disease-free|event-free|recurrence-free|relapse-free|metastasis-free"
    r"|cancer-specific|disease-specific)\ssurvival|survival|mortality|death|deaths"
    r"|(?:objective\s|overall\s|complete\s|partial\s|pathological\scomplete\s)?(?:response|remission)\srates?"
    r"|(?:objective|complete|partial|pathological\scomplete)\sresponses?|duration\sof\sresponse"
    r"|time\sto\s(?:progression|recurrence|treatment\sfailure|relapse)|disease\scontrol\srate"
    r"|recurrence|relapse|progression|hospitali[sz]ations?|readmissions?|quality\sof\slife"
    r"|(?:serious\s|treatment-related\s|grade\s[0-9–-]+\s)?adverse\s(?:events|effects|reactions)|toxicit(?:y|ies)"
    r"|sensitivity|specificity|accuracy|incidence|prevalence|blood\spressure|body\sweight|weight\sloss"
    r"|HbA1c|pain(?:\sscores?|\sintensity|\srelief)?|symptoms?|exacerbations?|fractures?|infections?"
    r"|(?:myocardial\sinfarction|stroke|heart\sfailure|cardiovascular\sevents)"
)
_MEASURE_END = (
    r"in|with|among|between|for|at|from|was|were|is|are|and|or|by|after|than|compared|versus|vs|who|that|which"
    r"|did|had|occurred|increased|decreased|reduced|improved|significantly|during|on|to"
)
# "the risk of major vascular events": up to four words after "of", ending where a verb or preposition starts.
_MEASURE = re.compile(
    rf"\b(?P<of>(?:rates?|risk|incidence|odds|proportion|percentage|prevalence|likelihood|number|frequency)\sof"
    rf"(?:\s(?!(?:{_MEASURE_END}|patients|subjects|participants)\b)[A-Za-z][\w-]*+){{1,4}})|(?P<named>{_OUTCOME})\b",
    re.I,
)


# Abstract sentences run to a few hundred characters and abstracts to a few dozen sentences. Longer input is not
# prose: reading only this much bounds every reader's time on hostile text (numbers_in reads all of it).
MAX_SENTENCES = 100
MAX_SENTENCE_CHARS = 2000


@dataclass
class KeyResult:
    sentence: int  # index into the sentences read
    measure: str  # "overall survival", "mortality", "" where the sentence does not name it
    statistics: list[str]  # as written: "HR 0.58", "95% CI 0.45-0.75", "P<0.001"
    direction: Direction


def numbers_in(text: str) -> set[str]:
    """The numbers `text` states, normalised: "1,203" → "1203", "0·58" → "0.58", "−2.1" → "-2.1" and "2.1".

    "16 602" yields "16602" as well as "16" and "602"; "10⁻⁵" reads as "10" and "5", like "10−5".

    A negative number also yields its magnitude, so "reduced by 2.1 points" still quotes a source's "−2.1";
    trailing decimal zeros and leading integer zeros go ("0.50" → "0.5", ".05" → "0.05").
    """
    numbers: set[str] = set()
    seen: set[str] = set()
    for match in _NUMBER.finditer(text.translate(_SUPERSCRIPTS)):
        if match.group() in seen:  # a long list of one number is read once
            continue
        seen.add(match.group())
        whole = (match["whole"] or "").translate(_SEPARATORS).lstrip("0") or "0"
        fraction = (match["frac"] or match["lone"] or "").rstrip("0")
        value = f"{whole}.{fraction}" if fraction else whole
        numbers.add(value)
        if match["minus"] and value != "0":
            numbers.add(f"-{value}")
    numbers.update(spaced.group().translate(_SEPARATORS) for spaced in _SPACED.finditer(text))
    return numbers


def read_results(sentences: list[str], roles: list[str] | None = None) -> list[KeyResult]:
    """The sentences that carry effect sizes, CIs, p values or percentages; with roles, only results and conclusions."""
    results = []
    for index, sentence in enumerate(readable(sentences)):
        if roles is not None and (index >= len(roles) or roles[index] not in {"results", "conclusions"}):
            continue
        statistics = [" ".join(match.group().split()) for match in _STATISTIC.finditer(sentence)]
        if statistics:
            results.append(KeyResult(index, measure_of(sentence), statistics, _direction(sentence)))
    return results


def readable(sentences: list[str]) -> list[str]:
    """The sentences as far as they are read: the first MAX_SENTENCES, each cut at MAX_SENTENCE_CHARS."""
    return [sentence[:MAX_SENTENCE_CHARS] for sentence in sentences[:MAX_SENTENCES]]


def measure_of(sentence: str) -> str:
    """The first outcome the sentence names ("overall survival", "risk of stroke"), or ""."""
    match = _MEASURE.search(sentence)
    if not match:
        return ""
    return lower_initial(" ".join((match["of"] or match["named"]).split()))


def lower_initial(phrase: str) -> str:
    """"Overall survival" → "overall survival", leaving acronyms and mixed case ("HbA1c", "NSCLC") as written."""
    return re.sub(r"^[A-Z][a-z'’-]+\b(?![\w'’-])", lambda word: word.group().lower(), phrase)


def _direction(sentence: str) -> Direction:
    """The way the words point; where they say nothing, a ratio's CI against 1; mixed signals say nothing."""
    cues = {
        direction
        for direction, pattern in (("no_difference", _NO_DIFFERENCE), ("lower", _LOWER), ("higher", _HIGHER))
        if pattern.search(sentence)
    }
    if len(cues) == 1:
        return cues.pop()
    if cues:
        return ""
    ratio = _RATIO_WITH_CI.search(sentence)
    if not ratio:
        return ""
    low, high = (float(_plain(ratio[name])) for name in ("low", "high"))
    if high < 1:
        return "lower"
    if low > 1:
        return "higher"
    return "no_difference" if low < 1 < high else ""


def _plain(number: str) -> str:
    return re.sub(rf"[{_MINUS}]", "-", re.sub(_DECIMAL_POINT, ".", number))
