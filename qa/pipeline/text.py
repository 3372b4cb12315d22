"""Sentence hygiene for quoting abstracts in prose: labels, brackets, statistics, openers and capitals."""

from __future__ import annotations

import re
from typing import Literal

from truecite.text import STOPWORDS as _STOPWORDS

SentenceKind = Literal["finding", "conclusion", "background", "method"]

# Structured-abstract labels: "BACKGROUND:", "Conclusions and relevance:", "RESULTS -".
LABEL = re.compile(
    r"^\s*(?:[A-Z][A-Z &/,\-]{2,40}|(?:Background|Introduction|Context|Importance|Objectives?|Aims?|Purpose|"
    r"Methods?|Design|Setting|Participants|Patients|Interventions?|Measurements|Main outcome measures?|Results?|"
    r"Findings|Conclusions?(?: and relevance)?|Interpretation|Significance|Evidence acquisition|Evidence synthesis|"
    r"Summary|Trial registration|Funding|Rationale|Unlabelled|Unlabeled)(?: \w+){0,3})\s*[:\-–—]\s+"
    r"|^\s*(?:Background|Conclusions?|Results|Methods|Objectives?|Purpose|Aims?|Findings|Introduction|Interpretation)"
    r"\s+(?=[A-Z])"
)
METHOD_LABELS = re.compile(r"^(?:method|design|setting|participant|patient|intervention|measurement|main outcome|"
                           r"trial registration|funding|data source|study selection|data extraction|evidence acquisition)", re.I)
FINDING_LABELS = re.compile(r"^(?:result|finding|evidence synthesis)", re.I)
CONCLUSION_LABELS = re.compile(r"^(?:conclusion|interpretation|significance|summary)", re.I)
BACKGROUND_LABELS = re.compile(r"^(?:background|introduction|context|importance|rationale)", re.I)
AIM_LABELS = re.compile(r"^(?:objective|aim|purpose)", re.I)

NUMERIC_BRACKETS = re.compile(r"\s*\[[\d,;\s\-–]+\]")
STATISTICS = re.compile(
    r"\s*[(\[][^()\[\]]*(?:\b(?:CI|HR|OR|RR|aOR|aHR|SMD|MD|IQR|SD|SE|NNT)\b|\b[pP]\s*[<=>≤]|\b[nN]\s*=|95\s*%|±|"
    r"\d%\s*vs\.?)[^()\[\]]*[)\]]"
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
    r"(?P<verb>found|find|show|shows|showed|shown|demonstrate|demonstrates|demonstrated|suggest|suggests|suggested|"
    r"indicate|indicates|indicated|reveal|reveals|revealed|confirm|confirms|confirmed|conclude|concluded|concludes|"
    r"observed|observe|report|reports|reported|highlight|highlights|highlighted|provide evidence|provides evidence|"
    r"support|supports|underscore|underscores|is concluded|was concluded|is suggested)\s+that\s+",
    re.I,
)
METHOD_CUES = re.compile(
    r"^(?:we|the authors)\s+(?:searched|conducted|performed|enrolled|recruited|analy[sz]ed|retrospectively|prospectively|"
    r"included|used|developed|designed|propose|present|describe|review|reviewed|summari[sz]e|discuss|aim|aimed|sought|"
    r"investigated|examined|assessed|evaluated|compared|collected|extracted|here)|"
    r"^(?:this|the present|the current|in this)\s+(?:study|review|article|paper|work|analysis|trial|chapter)\s+"
    r"(?:aims?|aimed|was designed|describes?|summari[sz]es|discuss(?:es)?|provides?|highlights?|explores?|reviews?|"
    r"focuses|presents?|examines?|investigates?|evaluates?|assesses|outlines?|seeks?|will)|"
    r"^(?:the|our)\s+(?:aim|objective|purpose|goal)s?\b|"
    r"^to (?:determine|assess|evaluate|investigate|examine|explore|compare|identify|characteri[sz]e|describe|review|"
    r"summari[sz]e|address|test|estimate|analy[sz]e|understand|provide|fill|clarify)\b|"
    r"\b(?:were|was)\s+(?:enrolled|recruited|randomi[sz]ed|searched|included|screened|extracted|collected|assessed|"
    r"measured|recorded|administered|obtained|interviewed|surveyed|followed up|investigated|examined|evaluated|"
    r"studied|explored|tested)\b|"
    r"\b(?:participants|patients|subjects|respondents)\s+(?:completed|were asked|underwent)\b|"
    r"^(?:data|articles|records|studies) (?:were|was) ",
    re.I,
)
FINDING_CUES = re.compile(
    r"\b(?:found|showed|shown|associated|significant(?:ly)?|increased|decreased|reduced|improved|higher|lower|"
    r"risk|odds|hazard|respon(?:se|ded|ders)|survival|rates?|%|percent|compared|versus|observed|identified|"
    r"effective|efficacy|benefit)\b",
    re.I,
)
HEDGE = re.compile(r"\b(?:may|might|could|suggests?|potential(?:ly)?|promising|warrant|likely|appears?)\b", re.I)
# Sentences that lean on the one before them ("These results …", "In these patients, …").
ANAPHORA = re.compile(
    r"^(?:\w+\s+)?(?:this|these|those|such|the latter|the former)\b|^(?:it|they|both|its|their|he|she|here)\b", re.I
)
FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.I)
ORDINARY_ENDING = re.compile(r"(?:ly|ing|ed|tion|tions|ment|ness|ity|ies|ous|ive)$")
STOPWORDS = frozenset("despite although though while whereas among after before during within without since unlike like".split()) | _STOPWORDS


def strip_label(sentence: str) -> tuple[str, str]:
    """The sentence without a structured-abstract label, and the label ("" when there was none)."""
    match = LABEL.match(sentence)
    if not match:
        return sentence, ""
    return sentence[match.end() :], match.group(0).strip(" :-–—")


def kind_of(sentence: str, label: str) -> SentenceKind:
    if label:
        if METHOD_LABELS.match(label) or AIM_LABELS.match(label):
            return "method"
        if FINDING_LABELS.match(label):
            return "finding"
        if CONCLUSION_LABELS.match(label):
            return "conclusion"
        if BACKGROUND_LABELS.match(label):
            return "background"
    if METHOD_CUES.search(sentence):
        return "method"
    if REPORTING.match(sentence) or HEDGE.search(sentence):
        return "conclusion" if not re.search(r"\d", sentence) else "finding"
    if FINDING_CUES.search(sentence):
        return "finding"
    return "background"


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and text.count('"') % 2 == 0 and "[" not in text and "]" not in text


def clean(sentence: str) -> str:
    """The sentence as quotable prose: no label, no reference brackets or statistics, one final period."""
    text, _ = strip_label(" ".join(sentence.split()))
    text = NUMERIC_BRACKETS.sub("", text)
    text = text.replace("[", "(").replace("]", ")")
    previous = None
    while previous != text:
        previous, text = text, STATISTICS.sub("", text)
    text = re.sub(r"\s+([,;:.])", r"\1", text).strip(" ;:,")
    if text and text[-1] not in ".!?":
        text += "."
    return text


def core_statement(text: str) -> tuple[str, str]:
    """Strip openers ("However,") and reporting frames ("We found that"); returns (statement, reporting verb)."""
    verb = ""
    for _ in range(3):
        stripped = OPENERS.sub("", text, count=1)
        match = REPORTING.match(stripped)
        if match:
            verb = match.group("verb").lower()
            stripped = stripped[match.end() :]
        if stripped == text:
            break
        text = stripped
    return text, verb


def quotable(text: str) -> bool:
    """Whether a cleaned sentence can stand alone in prose."""
    n_words = len(text.split())
    return (
        8 <= n_words <= 55
        and balanced(text)
        and not text.endswith("?")
        and not ANAPHORA.match(text)
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
