"""Class words and the words of their members, so that a paper on carvedilol counts as one on beta blockers.

Drug classes are matched by the stems of the WHO/USAN nonproprietary-name scheme (every "-olol" is a
beta blocker, every "-triptan" a triptan), which names new drugs too; a few broad clinical classes list
their usual members. A few lay terms list the words abstracts use for them (heart attack: myocardial infarction). A paper names a
class when it names the class or any member.
"""

from __future__ import annotations

from truecite.text import content_stems

# Class phrase → (stems of member names the scheme gives, whole member words).
CLASSES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "beta blockers": (("olol", "ilol", "alol"), ("beta-adrenergic", "adrenergic", "beta-blockade", "β-blocker")),
    "triptans": (("triptan",), ()),
    "proton pump inhibitors": (("prazole",), ("ppi", "ppis")),
    "statins": (("statin",), ()),
    "ace inhibitors": (("pril",), ("angiotensin-converting",)),
    "angiotensin receptor blockers": (("sartan",), ("arb", "arbs")),
    "calcium channel blockers": (("dipine",), ("verapamil", "diltiazem")),
    "monoclonal antibodies": (("mab",), ()),
    "kinase inhibitors": (("tinib",), ()),
    "nsaids": (("coxib", "profen"), ("naproxen", "diclofenac", "indomethacin", "aspirin", "anti-inflammatory")),
    "ssris": (("oxetine",), ("sertraline", "paroxetine", "citalopram", "escitalopram", "fluvoxamine")),
    "opioids": (("morphone", "codone"), ("morphine", "codeine", "fentanyl", "tramadol", "methadone", "buprenorphine", "opiate")),
    "antihistamines": (("tadine", "tirizine"), ("histamine", "h1-antagonist")),
    "antipsychotics": (("apine", "idone"), ("haloperidol", "neuroleptic")),
    "immunotherapy": (
        ("mab",),
        ("checkpoint", "pd-1", "pd-l1", "ctla-4", "car-t", "car", "immunotherapies", "immune-checkpoint", "vaccine",
         "oncolytic", "adoptive", "interleukin-2", "immunotherapeutic"),
    ),  # fmt: skip
    "cancer": (
        ("oma",),
        ("tumor", "tumour", "tumors", "tumours", "neoplasm", "neoplasms", "malignancy", "malignancies", "malignant",
         "metastatic", "metastasis", "leukemia", "leukaemia", "oncology", "nsclc", "sclc", "hcc", "crc"),
    ),  # fmt: skip
    "skeletal muscle relaxants": (("zaprine",), ("tizanidine", "baclofen", "carisoprodol", "methocarbamol", "metaxalone",
                                                 "orphenadrine", "dantrolene", "chlorzoxazone", "antispasmodic")),
    "large language models": ((), ("llm", "llms", "gpt", "gpt-4", "chatgpt", "transformer-based", "language-model")),
    "ptsd": ((), ("posttraumatic", "post-traumatic")),
    # What people say and what abstracts say.
    "heart attack": ((), ("myocardial", "mi", "ami", "infarction")),
    "high blood pressure": ((), ("hypertension", "hypertensive")),
}
_KEYS = {frozenset(content_stems(phrase)): phrase for phrase in CLASSES}
# Stems too short or too common to stand alone as a member suffix.
_NOT_MEMBERS = frozenset({"diploma", "coma", "aroma", "soma", "stoma", "stroma", "trauma", "glaucoma", "hematoma", "haematoma"})


def members_named(phrase: str, tokens: set[str]) -> bool:
    """Whether the lower-cased words `tokens` (truecite.text.words) name a member of the class the phrase is, if it is one."""
    key = _KEYS.get(frozenset(content_stems(phrase)))
    if key is None:
        return False
    suffixes, words = CLASSES[key]
    if tokens & set(words):
        return True
    return any(
        token.endswith(suffix) and len(token) > len(suffix) + 2 and token not in _NOT_MEMBERS
        for token in tokens for suffix in suffixes
    )  # fmt: skip


def classes_named(stems: set[str], tokens: set[str]) -> set[str]:
    """The stems of every class among `stems` (a claim's) whose members the words `tokens` name.

    A sentence on esomeprazole then shares "proton pump inhibitors" with a claim about the class.
    """
    found: set[str] = set()
    for key_stems, phrase in _KEYS.items():
        if key_stems <= stems and members_named(phrase, tokens):
            found |= key_stems
    return found
