"""Sentence hygiene for quoting abstracts in prose: labels, brackets, statistics, openers and capitals.

A finding keeps its key number: a bracket of statistics shrinks to its first part ("(HR 0.58; 95% CI
0.45-0.75; P<0.001)" → "(HR 0.58)"), and goes when that part is not an effect size or a share.
"""

from __future__ import annotations

import re

from search.reading.labels import split_label
from truecite.text import STOPWORDS as _STOPWORDS

NUMERIC_BRACKETS = re.compile(r"\s*\[[\d,;\s\-–]+\]")
# An abstract's own list numbering ("(9) The WHI trial …", "2) Patients …") opens no sentence in prose.
ENUMERATOR = re.compile(r"^\s*(?:\(\d{1,2}\)|\d{1,2}\))\s+")
STATISTICS = re.compile(
    r"\s*[(\[][^()\[\]]*(?:\b(?:CI|HR|OR|RR|aOR|aHR|SMD|MD|IQR|SD|SE|NNT)\b|\b[pP]\s*[<=>≤]|\b[nN]\s*=|95\s*%|±|"
    r"\d%\s*vs\.?)[^()\[\]]*[)\]]"
)
# What a kept statistic may be: an effect size with its value, or a share ("HR 0.58", "OR = 1.8", "63%").
KEY_NUMBER = re.compile(
    r"(?:a?[HOR]R|RR|SMD|MD|NNT)\s*[=:,]?\s*-?\d+(?:[.·]\d+)?|\d+(?:[.·]\d+)?\s*%(?:\s*(?:vs\.?|versus)\s*\d+(?:[.·]\d+)?\s*%)?"
)
OPENERS = re.compile(
    r"^(?:however|moreover|furthermore|additionally|in addition|thus|therefore|hence|overall|in conclusion|"
    r"in summary|to conclude|taken together|collectively|importantly|notably|finally|consequently|accordingly|"
    r"interestingly|here|in this (?:review|study|article|paper)|in particular|in contrast|conversely|"
    r"nevertheless|nonetheless|indeed|specifically|altogether|in brief|in short|as a result|as such|"
    r"meanwhile|further|ultimately|as for [^,]{1,40}|with regard to [^,]{1,40}|regarding [^,]{1,40})\s*,\s*|^(?:but|and|yet|also|thus)\s+(?!far\b)",
    re.I,
)
# "We found that X", "Our results suggest that X", "These findings indicate that X" → X.
REPORTING = re.compile(
    r"^(?:we|the authors|our (?:results|findings|data|study|analysis|analyses|review)|these (?:results|findings|data|"
    r"observations)|(?:(?:the|study|trial|clinical|current|recent|growing|increasing|accumulating|emerging)\s+){0,2}"
    r"(?:research|evidence|data|literature|studies|results|findings)(?:\s+(?:from|of|in)\s+[\w\-]+(?:\s+[\w\-]+){0,3}?)?|this (?:study|review|analysis|work|paper|article|trial|meta-analysis)|the (?:results|findings|data) "
    r"(?:of this (?:study|review|analysis))?|it (?:is|was))\s+"
    r"(?:(?:also|further|thus|therefore|clearly|strongly|collectively)\s+)?"
    r"(?:found|find|show|shows|showed|shown|demonstrate|demonstrates|demonstrated|suggest|suggests|suggested|"
    r"indicate|indicates|indicated|reveal|reveals|revealed|confirm|confirms|confirmed|conclude|concluded|concludes|"
    r"observed|observe|report|reports|reported|highlight|highlights|highlighted|provide evidence|provides evidence|"
    r"support|supports|underscore|underscores|is concluded|was concluded|is suggested)\s+that\s+",
    re.I,
)
# Sentences that lean on the one before them ("These results …", "In these patients, …").
ANAPHORA = re.compile(
    r"^(?:\w+\s+)?(?:this|these|those|such|the latter|the former)\b|^(?:it|they|both|its|their|he|she|here)\b", re.I
)
# References to something the quoted sentence does not say ("this association", "these results").
DANGLING = re.compile(
    r"\b(?:this|these|those|such|the above|the latter|the former)\s+(?:\w+\s+)?(?:results?|findings?|associations?|"
    r"effects?|observations?|data|changes?|differences?|patients|cases|factors|mechanisms?|approach(?:es)?|strateg(?:y|ies))\b",
    re.I,
)
# A finding longer than this reads as a paste from the abstract, not as prose.
MAX_WORDS = 40
# What should be studied next is not a finding.
AGENDA = re.compile(
    r"\b(?:further|future|more|additional|larger) (?:research|studies|trials|work|investigation)\b|\b(?:is|are) (?:needed|required|warranted)\b"
    r"|\bneed for\b|\bwill be (?:assessed|evaluated|examined|investigated|studied)\b|\bbaseline characteristics\b",
    re.I,
)
FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.I)
ORDINARY_ENDING = re.compile(r"(?:ly|ing|ed|tion|tions|ment|ness|ity|ies|ous|ive)$")
STOPWORDS = frozenset("despite although though while whereas among after before during within without since unlike like".split()) | _STOPWORDS


def _compact(match: re.Match[str]) -> str:
    first = re.split(r";\s*|,\s*(?=95|CI\b|[pP]\b)", match.group(0).strip(" ()[]"), maxsplit=1)[0].strip()
    return f" ({first})" if KEY_NUMBER.fullmatch(first) else ""


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and text.count('"') % 2 == 0 and "[" not in text and "]" not in text


def clean(sentence: str) -> str:
    """The sentence as quotable prose: no label, no reference brackets or statistics, one final period."""
    text, _, _ = split_label(" ".join(sentence.split()))
    text = NUMERIC_BRACKETS.sub("", ENUMERATOR.sub("", text))
    text = text.replace("[", "(").replace("]", ")")
    previous = None
    while previous != text:
        previous, text = text, STATISTICS.sub(_compact, text)
    text = re.sub(r"\s+([,;:.])", r"\1", text).strip(" ;:,")
    if text and text[-1] not in ".!?":
        text += "."
    return text


def core_statement(text: str) -> str:
    """The statement without openers ("However,") and reporting frames ("We found that")."""
    for _ in range(3):
        stripped = OPENERS.sub("", text, count=1)
        match = REPORTING.match(stripped)
        if match:
            stripped = stripped[match.end() :]
        if stripped == text:
            break
        text = stripped
    return text


def quotable(text: str) -> bool:
    """Whether a cleaned sentence can stand alone in prose."""
    n_words = len(text.split())
    return (
        8 <= n_words <= MAX_WORDS
        and balanced(text)
        and not text.endswith("?")
        and not ANAPHORA.match(text)
        and not DANGLING.search(text)
        and not AGENDA.search(text)
        and not re.search(r":\s+[A-Z](?:[a-z]|\s)", text)  # a heading glued into the sentence
        and not FIRST_PERSON.search(text)
        and sum(c.isdigit() for c in text) <= 24
    )


def names_in(texts: list[str]) -> set[str]:
    """Capitalised words that the texts write capitalised mid-sentence and never in lower case: names."""
    capitalised, lower = set(), set()
    for text in texts:
        capitalised.update(re.findall(r"(?<=[a-z,] )([A-Z][a-z][\w\-]*)", text))
        lower.update(re.findall(r"\b[a-z][a-z\-]+\b", text))
    return {w for w in capitalised if w.lower() not in lower and w.lower() not in STOPWORDS and not ORDINARY_ENDING.search(w)}


def lower_first(text: str, names: set[str]) -> str:
    """Lower-case the first word unless it is a name (see names_in), an acronym or has digits (mRNA, p53)."""
    match = re.match(r"([A-Za-z][\w\-]*)", text)
    if not match:
        return text
    word = match.group(1)
    ordinary = word[:1].isupper() and word[1:] == word[1:].lower() and not any(c.isdigit() for c in word)
    if ordinary and (len(word) > 1 or word == "A") and word not in names:
        return word.lower() + text[len(word) :]
    return text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def starts_cleanly(text: str) -> bool:
    """Whether a sentence can open with its own first word (not "mRNA …", "p53 …", "2 patients …")."""
    return bool(re.match(r"[A-Z]", text)) or bool(re.match(r"[a-z]+\b(?![\w\-])", text) and not re.match(r"[a-z]+[A-Z0-9]", text))
