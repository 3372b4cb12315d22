"""Which way one paper's findings point on a yes/no question's claim, read from explicit cues.

Only the paper's results and conclusions are read: its background restates the question as a hypothesis,
and its methods say what was measured, not which way it went. Of those, only sentences close to the claim
count (RELEVANT), and each is read for what flips an answer: a negation of the claim's own words that the
claim does not share ("did not reduce mortality") points no; the same polarity and, where the claim says
which way something moves, the same direction points yes; "remains unclear" points nowhere. TrueCite's learned verdict model is not
used here: on effect claims it read "beta blockers reduce the risk of mortality by a third" as a
contradiction of "beta blockers reduce mortality", and an inverted stance is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from search.reading.results import numbers_in
from truecite.features import DECREASE, INCREASE, NULL_RESULT
from truecite.text import content_stems, stemmed, words

from .classes import classes_named
from .phrases import BENEFIT_VERBS, THERAPY_WORDS
from .topic import Words, names
from .vectors import embed

# A sentence this close to the claim (DENSE_WEIGHT × cosine + the rest × shared content words) speaks
# to it; tuned on SciFact claims_train by benchmarks/qa_verdicts.py.
DENSE_WEIGHT = 0.7
RELEVANT = 0.6
# Findings below this are not kept at all (a threshold sweep never goes lower).
FLOOR = 0.35
UNSETTLED = re.compile(
    r"\b(?:remains?|is|are|still) (?:unclear|uncertain|unknown|controversial|debated|to be (?:determined|established))"
    r"|\b(?:conflicting|inconsistent|inconclusive|mixed) (?:results|evidence|findings|data)\b|\bfurther (?:studies|research|trials) (?:are|is) (?:needed|required|warranted)\b",
    re.I,
)
# A claim about all cases ("cure all cancers") falls to a finding that it holds only for some.
UNIVERSAL = re.compile(r"\b(?:all|every|always|any|never|cures?|cured|eliminates?)\b", re.I)
LIMITED = re.compile(
    r"\b(?:only (?:a |in a )?(?:minority|subset|fraction|small|few|half)|minority of|subset of|rarely|seldom|fewer than|"
    r"most \w+(?: \w+)? (?:do|did) not|not (?:to |in )?all|do not respond|resistan\w+|relapse\w*|progressed)\b",
    re.I,
)
# A finding that says the effect was not there, wherever the words fall ("… was lacking").
ABSENT = re.compile(
    r"\b(?:was|were|is|are|remained) (?:lacking|absent|not (?:found|observed|seen|detected|significant))\b|\bno evidence\b"
    r"|\black of (?:evidence|association|effect|benefit|efficacy)\b",
    re.I,
)
NEGATIONS = frozenset("not no never neither nor cannot without fail fails failed unable lack lacks lacked".split())
# A negation counts when one of the claim's own words follows it this closely ("did not reduce mortality").
NEGATION_REACH = 6
# Who was studied is not what happened to them ("without medication, children with ADHD …").
PEOPLE = frozenset(content_stems("patients people persons children adults adolescents infants women men elderly participants subjects"))
# Words that negate again, so "no reason to avoid beta-blockers" is no negation of beta blockers.
COUNTER_NEGATIONS = frozenset("avoid avoided withhold withheld stop stopped discontinue discontinued doubt".split())


@dataclass(frozen=True)
class Stance:
    stance: str  # yes, no or neither
    confidence: float  # the relevance of the deciding sentence
    evidence: int  # index into the paper's abstract_sentences of the deciding sentence, -1 if none


# What a finding must say for a claim that something works: it helped, by some measure.
BENEFIT = frozenset(content_stems(
    " ".join(BENEFIT_VERBS) + " effective effectiveness efficacy efficacious beneficial benefits useful helpful superior"
    " better improvement reduction relief response responses remission healing success successful safe"
    " lowered reduced improved prevented relieved healed controlled"
))
# Speed is a direction too ("a faster progression to AIDS" against "a slower rate of progression").
UP = INCREASE | {"faster", "quicker", "rapid"}
DOWN = DECREASE | {"slower"}


# Words for how much of something there is: what moves is the thing they measure.
MEASURES = frozenset(content_stems("rate rates risk level levels incidence odds likelihood degree extent frequency number"))


def _moves(stem: str, cues: frozenset[str]) -> bool:
    # Prefixes too: "reduction" stems to "reduct", which the cue "reduc" should still catch.
    return stem in cues or any(len(cue) >= 4 and stem.startswith(cue) for cue in cues)


def _direction(text: str) -> int:
    stems = content_stems(text)
    up, down = sum(_moves(s, UP) for s in stems), sum(_moves(s, DOWN) for s in stems)
    return (up > down) - (down > up)


def _moved(text: str) -> dict[str, int]:
    """Which way each thing is said to move: the next content word after a direction word ("lower risk" → risk: -1)."""
    stems = content_stems(text)
    out: dict[str, int] = {}
    for position, stem in enumerate(stems[:-1]):
        way = 1 if _moves(stem, UP) else -1 if _moves(stem, DOWN) else 0
        following = stems[position + 1]
        if way and not _moves(following, UP) and not _moves(following, DOWN):
            out.setdefault(following, way)
            if following in MEASURES and position + 2 < len(stems):
                out.setdefault(stems[position + 2], way)  # "a slower rate of progression": progression moves
    return out


def _negated(text: str, about: set[str]) -> bool:
    """Whether a negation or null result governs one of the `about` stems ("no significant reduction in mortality")."""
    tokens = words(text)
    stems = stemmed(tokens)
    for position, token in enumerate(tokens):
        if token in NEGATIONS or token.endswith("n't"):
            reach = tokens[position + 1 : position + 1 + NEGATION_REACH]
            if COUNTER_NEGATIONS & set(reach):
                continue
            if about & set(stems[position + 1 : position + 1 + NEGATION_REACH]):
                return True
    return False


def _named(focus: Sequence[str]) -> set[str]:
    return {stem for phrase in focus for stem in content_stems(phrase.replace("-", " "))}


def _without(text: str, phrases: Sequence[str]) -> str:
    """The text with the named things taken out: the "low" of "low back pain" says nothing moved."""
    for phrase in phrases:
        text = re.sub(re.escape(phrase), " ", text, flags=re.I)
    return text


# Where one sentence holds two findings: "statin use went with fewer hip fractures; there was no evidence of
# such a relationship with other lipid-lowering agents".
CLAUSE_BREAK = re.compile(r";|,? (?:whereas|while|but|although|though) ", re.I)


def closest_clause(claim: str, sentence: str, focus: Sequence[str] = ()) -> str:
    """The clause of the sentence that shares most of what the claim says beyond its focus (the whole sentence
    on a tie): the second clause of "X reduced mortality, but it did not reduce admissions" is about admissions."""
    clauses = [c for c in CLAUSE_BREAK.split(sentence) if c.strip()]
    if len(clauses) < 2:
        return sentence
    stems = set(content_stems(claim)) - _named(focus)
    shared = [len(stems & set(content_stems(clause))) for clause in clauses]
    best = max(shared)
    return clauses[shared.index(best)] if shared.count(best) == 1 else sentence


def sentence_stance(claim: str, sentence: str, focus: Sequence[str] = ()) -> str:
    """yes, no or neither for one finding that speaks to the claim about the `focus` phrases."""
    sentence = closest_clause(claim, sentence, focus)
    if UNSETTLED.search(sentence):
        return "neither"
    if UNIVERSAL.search(claim):
        if LIMITED.search(sentence):
            return "no"
        if not UNIVERSAL.search(sentence):
            return "neither"  # a finding about some cases cannot bear out a claim about all
    # What the claim says happens, not what it is about: "who did not receive methylphenidate" negates no effect.
    about = set(content_stems(claim)) - _named(focus) - PEOPLE
    claim_null = _negated(claim, about) or bool(NULL_RESULT.search(claim) or ABSENT.search(claim))
    if (_negated(sentence, about) or bool(ABSENT.search(sentence))) != claim_null:
        return "no"
    claim, sentence = _without(claim, focus), _without(sentence, focus)
    claim_moves, sentence_moves = _moved(claim), _moved(sentence)
    if any(sentence_moves.get(thing, way) != way for thing, way in claim_moves.items()):
        return "no"  # the same thing said to move the other way ("increases the risk" against "a lower risk")
    stated = numbers_in(claim)
    if stated and numbers_in(sentence) and not stated <= numbers_in(sentence):
        return "neither"  # a figure the claim states is not the one found
    claimed, found = _direction(claim), _direction(sentence)
    if claimed and found != claimed:
        # No change stated, or the other way in words: "reduces mortality" and "improves survival" agree in
        # meaning, so a difference in wording is no evidence against the claim.
        return "neither"
    if set(words(claim)) & THERAPY_WORDS and not set(content_stems(sentence)) & BENEFIT:
        # "X is effective for Y" is borne out by a benefit, not by any relevant finding ("users of X had a
        # relative risk of myocardial infarction of 2.36" is no evidence that X works).
        return "neither"
    return "yes"


def relevance(claim: str, texts: list[str]) -> list[float]:
    """How close each text is to the claim, in meaning and in shared content words."""
    if not texts:
        return []
    vectors = embed([claim, *texts])
    stems = set(content_stems(claim))
    shared = [len(stems & (set(content_stems(t)) | classes_named(stems, set(words(t))))) / len(stems) if stems else 0.0 for t in texts]
    return [DENSE_WEIGHT * float(v @ vectors[0]) + (1 - DENSE_WEIGHT) * s for v, s in zip(vectors[1:], shared)]


def _names_all(phrases: list[str], text: Words) -> bool:
    return all(names(phrase, text) for phrase in phrases)


def read_findings(claim: str, findings: list[tuple[int, str]], focus: list[str], title: str) -> list[tuple[float, str, int]]:
    """(relevance, stance, sentence index) of each of a paper's findings close enough to matter, most relevant first.

    `findings` holds (sentence index, statement) for the paper's results and conclusions; only those that name
    every focus phrase the paper's title does not already name speak to the claim ("metformin reduced the risk of
    blindness", in a paper titled on diabetes complications, says nothing on cancer).
    """
    titled = Words.of(title)
    unnamed = [phrase for phrase in focus if not names(phrase, titled)]
    findings = [(i, text) for i, text in findings if _names_all(unnamed, Words.of(text))]
    scores = relevance(claim, [text for _, text in findings])
    kept = [(round(score, 4), sentence_stance(claim, text, focus), index) for (index, text), score in zip(findings, scores) if score >= FLOOR]
    return sorted(kept, key=lambda r: -r[0])


def bar(claim: str) -> float:
    """How relevant a finding must be to count: any on-topic counterexample refutes a claim about all cases."""
    return FLOOR if UNIVERSAL.search(claim) else RELEVANT


def decide(read: list[tuple[float, str, int]], *, relevant: float = RELEVANT) -> Stance:
    """The stance of the most relevant finding that speaks to the claim one way or the other."""
    for score, stance, index in read:
        if score < relevant:
            break
        if stance != "neither":
            return Stance(stance, score, index)
    return Stance("neither", 0.0, -1)
