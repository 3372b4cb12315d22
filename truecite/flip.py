"""The claim turned the other way: antonyms swapped, negation added or removed.

MiniLM hardly notices "not", but it does move when "increases" becomes "decreases". Whether an
evidence sentence sits closer to the flipped claim than to the claim is a contradiction cue."""

from __future__ import annotations

import re

_PAIRS = [
    ("increase", "decrease"), ("increases", "decreases"), ("increased", "decreased"), ("increasing", "decreasing"),
    ("higher", "lower"), ("more", "less"), ("greater", "smaller"), ("positively", "negatively"),
    ("positive", "negative"), ("promotes", "inhibits"), ("promote", "inhibit"), ("enhances", "reduces"),
    ("enhance", "reduce"), ("enhanced", "reduced"), ("activates", "represses"), ("activation", "inhibition"),
    ("upregulates", "downregulates"), ("upregulated", "downregulated"), ("upregulation", "downregulation"),
    ("elevated", "lowered"), ("improves", "worsens"), ("improved", "worsened"), ("improve", "worsen"),
    ("raises", "lowers"), ("high", "low"), ("rise", "fall"), ("gain", "loss"), ("better", "worse"),
    ("effective", "ineffective"), ("present", "absent"), ("required", "dispensable"), ("accelerates", "slows"),
    ("longer", "shorter"), ("larger", "smaller"), ("stimulates", "suppresses"), ("induces", "prevents"),
    ("benefit", "harm"), ("beneficial", "harmful"), ("safe", "unsafe"), ("common", "rare"),
]
_SWAP = {a: b for a, b in _PAIRS} | {b: a for a, b in _PAIRS}
_WORD = re.compile(r"[A-Za-z]+")
_NEGATION = re.compile(r"\b(not|no|never)\s+", re.IGNORECASE)
_AUXILIARY = re.compile(r"\b(is|are|was|were|can|could|does|do|did|has|have|had|will|may|might|should)\b", re.IGNORECASE)


def _swap_last(claim: str) -> str:
    """Swap only the last antonym: swapping two ("activation ... enhances") would flip the claim back."""
    matches = [m for m in _WORD.finditer(claim) if m.group(0).lower() in _SWAP]
    if not matches:
        return claim
    last = matches[-1]
    other = _SWAP[last.group(0).lower()]
    other = other.capitalize() if last.group(0)[0].isupper() else other
    return claim[: last.start()] + other + claim[last.end() :]


def flip_claim(claim: str) -> str:
    if _NEGATION.search(claim):
        return _NEGATION.sub("", claim, count=1)
    swapped = _swap_last(claim)
    if swapped != claim:
        return swapped
    if _AUXILIARY.search(claim):
        return _AUXILIARY.sub(lambda m: f"{m.group(0)} not", claim, count=1)
    return f"It is not true that {claim[:1].lower()}{claim[1:]}"
