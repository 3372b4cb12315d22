"""Study design from a paper's own words: what THIS paper did, not what it mentions.

Each cue is a phrase that speaks for one design with a weight: an indexer's publication type weighs most, then
the paper saying what it is or did ("this systematic review", "we randomly assigned", "mice were injected"),
then design words alone ("prospective", "cell lines"). The design with the heaviest cue wins; ties go to the
design earlier in PRIORITY, so a review that describes a trial's randomization stays a review and a systematic
review of trials stays a systematic review. Text is lower-cased once and every pattern is a bounded alternation,
so reading is linear in the length of the text (see docs/architecture.md, "Reading a paper").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from search.models import StudyType as D

DESIGN_NOUNS: dict[D, str] = {
    D.SYSTEMATIC_REVIEW: "systematic review",
    D.RANDOMIZED_TRIAL: "randomized trial",
    D.NONRANDOMIZED_TRIAL: "non-randomized trial",
    D.COHORT: "cohort study",
    D.CASE_CONTROL: "case-control study",
    D.CROSS_SECTIONAL: "cross-sectional study",
    D.CASE_REPORT: "case report",
    D.REVIEW: "review",
    D.ANIMAL: "study in animals",
    D.IN_VITRO: "laboratory study",
    D.COMPUTATIONAL: "modelling study",
    D.OTHER: "study",
}

# Order in which equally weighted cues are believed: the broader report before the work it reports on.
PRIORITY = [
    D.SYSTEMATIC_REVIEW, D.REVIEW, D.RANDOMIZED_TRIAL, D.NONRANDOMIZED_TRIAL, D.CASE_REPORT, D.CASE_CONTROL,
    D.COHORT, D.CROSS_SECTIONAL, D.ANIMAL, D.IN_VITRO, D.COMPUTATIONAL, D.OTHER,
]

# PubMed publication types (and OpenAlex's) that name a design; "review" is weaker because indexers give it
# to systematic reviews too.
PUBLICATION_TYPES: dict[str, tuple[D, float]] = {
    "meta-analysis": (D.SYSTEMATIC_REVIEW, 5), "systematic review": (D.SYSTEMATIC_REVIEW, 5),
    "network meta-analysis": (D.SYSTEMATIC_REVIEW, 5),
    "randomized controlled trial": (D.RANDOMIZED_TRIAL, 5), "pragmatic clinical trial": (D.RANDOMIZED_TRIAL, 5),
    "equivalence trial": (D.RANDOMIZED_TRIAL, 5),
    "controlled clinical trial": (D.NONRANDOMIZED_TRIAL, 4), "clinical trial": (D.NONRANDOMIZED_TRIAL, 4),
    "clinical trial, phase i": (D.NONRANDOMIZED_TRIAL, 4), "clinical trial, phase ii": (D.NONRANDOMIZED_TRIAL, 4),
    "case reports": (D.CASE_REPORT, 5), "case report": (D.CASE_REPORT, 5),
    "observational study": (D.COHORT, 4), "twin study": (D.COHORT, 4),
    "review": (D.REVIEW, 3), "scoping review": (D.REVIEW, 5), "narrative review": (D.REVIEW, 5),
    "editorial": (D.OTHER, 5), "letter": (D.OTHER, 4), "comment": (D.OTHER, 4), "practice guideline": (D.OTHER, 5),
    "guideline": (D.OTHER, 5), "consensus development conference": (D.OTHER, 5),
}

# MeSH headings that record how the study was done ("... as Topic" headings name a subject and are absent here).
MESH: dict[str, tuple[D, float]] = {
    "random allocation": (D.RANDOMIZED_TRIAL, 2.5), "double-blind method": (D.RANDOMIZED_TRIAL, 2.5),
    "single-blind method": (D.RANDOMIZED_TRIAL, 2), "cross-over studies": (D.RANDOMIZED_TRIAL, 2),
    "cohort studies": (D.COHORT, 2), "prospective studies": (D.COHORT, 2), "retrospective studies": (D.COHORT, 2),
    "longitudinal studies": (D.COHORT, 2), "follow-up studies": (D.COHORT, 2),
    "case-control studies": (D.CASE_CONTROL, 2), "cross-sectional studies": (D.CROSS_SECTIONAL, 2),
}


def _words(*patterns: str) -> re.Pattern[str]:
    # Matched against lower-cased text: case-insensitive matching is several times slower.
    return re.compile(r"\b(?:" + "|".join(patterns) + r")")


_THIS = r"(?:this|the present|the current|our|we (?:conducted|performed|undertook|carried out|did|present|report))"
_DATABASES = r"(?:medline|pubmed|embase|cochrane|web of science|scopus|cinahl|psycinfo)"
_ANIMALS = r"(?:mice|rats|hamsters|rabbits|dogs|pigs|piglets|sheep|monkeys|macaques|primates|zebrafish|animals)"
_N = r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"

# (design, weight, where, pattern): where is "title", "abstract", "text" (both) or "unreported" (both, when the
# abstract reports no work of its own).
Rule = tuple[D, float, str, re.Pattern[str]]
RULES: list[Rule] = [
    # Systematic reviews: named in the title, or the abstract says it is one or describes its search.
    (D.SYSTEMATIC_REVIEW, 3, "title", _words(r"systematic(?:al)? review", r"meta-?analys[ie]s", r"meta-?regression",
                                             r"umbrella review", r"pooled analysis")),
    (D.SYSTEMATIC_REVIEW, 3, "abstract", _words(
        _THIS + r" (?:\w+ ){0,2}(?:systematic review|meta-?analysis)", r"systematic review and (?:network )?meta-?analysis",
        r"meta-?analys[ie]s (?:was|were) (?:performed|conducted|carried out) (?:of|on)", r"to systematically review",
        r"(?:searched|search of|searches of|searching) (?:the )?(?:\w+ ){0,4}" + _DATABASES, r"prisma\b")),
    # Narrative reviews: the abstract says what it reviews; a title announces an overview.
    (D.REVIEW, 3, "title", _words(r"(?:a |an )?(?:\w+ )?review\b", r"overview\b", r"a primer\b", r"update on\b",
                                  r"state of the art", r"recent (?:advances|progress|developments)")),
    (D.REVIEW, 3, "abstract", _words(
        r"(?:in )?(?:this|the present|our|the current) (?:\w+ ){0,2}(?:mini-?)?review", r"(?:we|i) (?:briefly )?review\b",
        r"here,? we (?:summari[sz]e|discuss|review|highlight|provide an overview|outline)",
        r"(?:this|the present|the current) (?:article|paper|chapter|work) (?:\w+ ){0,2}(?:reviews|summari[sz]es|"
        r"discusses|provides (?:an overview|a comprehensive))",
        r"(?:are|is) (?:also )?reviewed\b", r"this survey\b", r"review article")),
    (D.REVIEW, 1.5, "unreported", _words(
        r"(?:this|the present|the current) (?:article|paper|chapter) (?:\w+ ){0,2}addresses", r"(?:are|is) (?:also )?discussed\b",
        r"recent (?:advances|progress|developments|studies|insights)", r"(?:current|future) (?:perspectives|directions|challenges)",
        r"accumulating evidence", r"emerging evidence", r"we (?:summari[sz]e|discuss|highlight|outline)",
        r"current (?:knowledge|understanding|concepts|status)", r"from \w+ (?:\w+ )?to (?:clinical|therapeutic|precision)")),
    # Randomized trials: the paper randomized its own participants.
    (D.RANDOMIZED_TRIAL, 3, "title", _words(r"randomi[sz]ed", r"placebo-controlled", r"double-blind")),
    (D.RANDOMIZED_TRIAL, 3, "abstract", _words(
        r"(?:were|was|being) (?:\w+ )?randomi[sz]ed", r"randomly (?:assigned|allocated|divided)",
        r"(?:allocated|assigned) (?:\w+ )?(?:at )?random", r"we randomi[sz]ed",
        r"(?:in|this|a|our) (?:\w+[-, ]+){0,3}randomi[sz]ed(?:,)? (?:\w+[-, ]+){0,4}(?:trial|study|comparison|design|fashion)",
        r"(?:double|single|triple)-blind(?:ed)?,? (?:\w+[-, ]+){0,3}(?:trial|study|comparison)")),
    (D.RANDOMIZED_TRIAL, 2.5, "text", _words(r"phase (?:3|iii|iiib|3b)\b (?:\w+ )?(?:trial|study)")),
    # Trials without randomization: single-arm, open, phase I/II.
    (D.NONRANDOMIZED_TRIAL, 2.5, "text", _words(
        r"single-arm", r"non-?randomi[sz]ed (?:\w+ )?(?:trial|study)", r"open-label,? (?:\w+ )?(?:trial|study|phase)",
        r"phase (?:i|1|ib|1b|i/ii|1/2)\b (?:\w+ )?(?:trial|study)", r"uncontrolled (?:trial|study)",
        r"(?:pilot|open) (?:trial|study)", r"single-blind (?:study|trial)")),
    # Case reports: the paper describes its own patient(s).
    (D.CASE_REPORT, 3, "title", _words(r"case reports?\b", r"a case of\b", r"case series", r"relato de caso")),
    (D.CASE_REPORT, 3, "abstract", _words(
        r"case reports?\b", r"a case of\b", r"case series",
        r"we (?:report|present|describe) (?:a|an|the|two|three|four|five|our) (?:[\w-]+ ){0,3}(?:case|patient|man|woman|boy|girl|infant)s?\b",
        r"a \d+-year-old (?:man|woman|male|female|boy|girl)", r"(?:consecutive|case) series")),
    # Observational designs, from the words the paper uses for itself.
    (D.CASE_CONTROL, 3, "text", _words(r"case-control", r"case control (?:study|design)")),
    (D.CASE_CONTROL, 1.5, "abstract", _words(r"(?:age|sex)-matched controls", r"matched (?:healthy )?controls")),
    (D.COHORT, 3, "text", _words(
        r"(?:prospective|retrospective|population-based|longitudinal|observational|birth) (?:\w+ )?cohort",
        r"cohort (?:study|studies|design)", r"(?:prospective|retrospective|longitudinal|follow-up) (?:\w+ )?(?:study|design|analysis)",
        r"(?:were|was) (?:prospectively|retrospectively) (?:\w+ )?(?:included|enrolled|collected|reviewed|analy[sz]ed)",
        r"(?:we|were) followed (?:\w+ ){0,3}(?:for|over|from|up)", r"(?:were|was) followed")),
    (D.COHORT, 2, "text", _words(
        r"prospective(?:ly)?\b", r"retrospective(?:ly)?\b", r"longitudinal(?:ly)?\b", r"follow-?up (?:of|period|assessment)",
        r"trajector(?:y|ies)", r"registry\b", r"(?:median|mean) follow-?up",
        _N + r" (?:weeks?|months?|years?),? (?:and|or) " + _N + r" (?:weeks?|months?|years?)")),
    (D.COHORT, 1, "text", _words(r"cohorts?\b")),
    (D.CROSS_SECTIONAL, 3, "text", _words(r"cross-?sectional")),
    (D.CROSS_SECTIONAL, 2, "text", _words(
        r"(?:mailed|web-based|online|telephone|national|questionnaire|household) survey", r"surveyed\b",
        r"nationally representative", r"(?:latent class|latent profile|cluster) analysis",
        r"(?:were|was) (?:measured|assessed|examined|interviewed|carried out|performed) in (?:\w+ )?\d", r"interview (?:modules|survey)",
        r"prevalence (?:of|and)")),
    (D.CROSS_SECTIONAL, 1.5, "abstract", _words(r"(?:in|of) a (?:[\w-]+ ){0,3}sample of")),
    (D.CROSS_SECTIONAL, 1, "text", _words(r"(?:a|the|this|our|national) survey\b", r"questionnaires?\b", r"were interviewed")),
    # Animal studies: animals are the subjects ("mice were treated"), not a word in passing.
    (D.ANIMAL, 3, "text", _words(
        _ANIMALS + r" (?:\w+ )?(?:were|was) (?:\w+ )?(?:treated|injected|fed|given|immuni[sz]ed|infected|exposed|dosed|"
        r"randomi[sz]ed|implanted|inoculated|administered|challenged|housed|killed|sacrificed)",
        r"(?:in|using|of) (?:a |an )?(?:\w+ ){0,2}(?:mouse|murine|rat|animal|xenograft|syngeneic|rabbit|canine|porcine|zebrafish) models?\b",
        r"(?:transgenic|knockout|knock-in|wild-type|wt|c57bl/6|balb/c|nude|nod|germ-free|dysbiotic|deficient|mutant|treated) "
        + _ANIMALS, r"xenografts?\b", r"in vivo\b")),
    (D.ANIMAL, 2, "text", _words(r"in (?:\w+ )?" + _ANIMALS + r"\b")),
    (D.ANIMAL, 1.5, "text", _words(_ANIMALS + r"\b", r"murine\b", r"mouse\b", r"rat\b")),
    # Laboratory work on cells, tissues and molecules outside a living body.
    (D.IN_VITRO, 2.5, "text", _words(
        r"in vitro\b", r"cell lines?\b", r"(?:cultured|primary) (?:\w+ )?cells", r"cells? cultures?", r"co-?cultur",
        r"(?:cells|macrophages|neurons|fibroblasts|cultures) (?:were|was) (?:\w+ )?(?:treated|transfected|incubated|exposed|stimulated)",
        r"(?:stem|hela|hek293|ipsc|esc) cells", r"cellular model", r"purified\b", r"western blot", r"assays?\b",
        r"agar\b", r"(?:ethanolic|aqueous) extracts?", r"(?:crystal|x-ray) structure", r"chip-seq", r"knockdown", r"chromatograph",
        r"spectrometr")),
    (D.IN_VITRO, 1, "text", _words(r"cells\b", r"enzyme", r"protein\b", r"phosphorylat", r"\bmrna\b", r"yeast")),
    # Computational work: models, simulations and analyses of existing data, with no new subjects.
    (D.COMPUTATIONAL, 3, "text", _words(
        r"we (?:develop|developed|propose|present|introduce|build|built|design|construct|train|trained) (?:a |an |the )?"
        r"(?:[\w,]+[- ]){0,5}(?:model|framework|method|algorithm|approach|system|benchmark|dataset|architecture|tool|"
        r"pipeline|simulator|estimator|network|recipe|task)s?\b",
        r"deep[- ]learning", r"machine[- ]learning", r"neural networks?", r"reinforcement learning", r"q-learning", r"language models?",
        r"bioinformatic", r"in silico", r"(?:computer|numerical|monte carlo) simulations?", r"state-of-the-art",
        r"(?:this|the present) (?:paper|work) (?:\w+ ){0,2}(?:proposes|presents|introduces)")),
    (D.COMPUTATIONAL, 2, "text", _words(
        r"simulat(?:e|ed|ion|ions|or)\b", r"algorithms?\b", r"(?:the cancer genome atlas|tcga|geo database|gene expression omnibus)",
        r"software\b", r"datasets?\b", r"modell?ing\b", r"database\b", r"network analysis",
        r"parameteri[sz]", r"pre-?train", r"fine-?tun", r"generative models?", r"diffusion models?", r"benchmarks?\b",
        r"baselines?\b", r"outperform", r"object detection", r"autonomous driving", r"robot")),
    # Books, guidelines and statements report no study of their own.
    (D.OTHER, 3, "text", _words(r"this (?:volume|book)\b", r"(?:clinical|practice) guidelines?", r"consensus statement")),
]

# Words that show a paper reporting work of its own; an abstract without any reads as a review.
OWN_WORK = _words(
    r"we\b", r"our\b", r"results?\b", r"methods?\b", r"objectives?\b", r"(?:this|the present|the current) study",
    r"(?:patients|participants|subjects|volunteers|children|women|men) (?:were|was)\b", r"n ?= ?\d", r"p ?[<=>] ?0?\.\d",
    r"(?:was|were) (?:measured|assessed|studied|enrolled|included|recruited|determined|examined|analy[sz]ed|performed|"
    r"divided|searched)", r"informed consent", r"(?:this|the present) (?:paper|work) (?:describes|reports|presents)",
    r"measurements (?:have been|were) (?:performed|made)")
UNREPORTED = (D.REVIEW, 1.2, "(no work of its own described)")
PEOPLE = _words(r"patients\b", r"participants\b", r"volunteers\b", r"(?:men|women|children|adults) (?:with|who|aged)")



@dataclass(frozen=True)
class DesignReading:
    design: D
    confidence: float  # 0..1
    cue: str  # the words that decided it ("" when nothing spoke for a design)


def read_design(
    title: str, abstract: str, publication_types: Iterable[str] = (), keywords: Iterable[str] = ()
) -> DesignReading:
    """The design of the work this paper reports, with the cue that decided it; OTHER when nothing speaks."""
    best: dict[D, tuple[float, str]] = {}

    def weigh(design: D, weight: float, cue: str) -> None:
        if weight > best.get(design, (0.0, ""))[0]:
            best[design] = (weight, cue)

    for name in publication_types:
        if found := PUBLICATION_TYPES.get(name.strip().casefold()):
            weigh(found[0], found[1], name.strip())
    mesh = {name.strip().lstrip("*").casefold() for name in keywords}
    for name in mesh:
        if found := MESH.get(name):
            weigh(found[0], found[1], name)
    if "animals" in mesh and "humans" not in mesh:
        weigh(D.ANIMAL, 2, "animals")
    texts = {"title": title.lower(), "abstract": abstract.lower()}
    texts["text"] = f"{texts['title']}\n{texts['abstract']}"
    # Review wording ("recent advances") counts only in an abstract that reports no work of its own.
    unreported = len(texts["abstract"]) >= 300 and not OWN_WORK.search(texts["abstract"])
    texts["unreported"] = texts["text"] if unreported else ""
    if unreported:
        weigh(*UNREPORTED)
    for design, weight, where, pattern in RULES:
        if weight > best.get(design, (0.0, ""))[0] and (match := pattern.search(texts[where])):
            weigh(design, weight, match.group(0))
    if not best:
        return DesignReading(D.OTHER, 0.3, "")
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], PRIORITY.index(item[0])))
    design, (weight, cue) = ranked[0]
    # A systematic review is a review and describes the trials it pools: neither is a rival reading of it.
    rivals = [w for d, (w, _) in ranked[1:] if design is not D.SYSTEMATIC_REVIEW]
    rival = max(rivals, default=0.0)
    # A design word alone (weight 1) is a guess; a publication type or the paper's own account (3+) is near sure.
    # A rival design with a cue nearly as heavy lowers it.
    confidence = min(0.95, 0.25 + 0.2 * weight) * (1.0 - 0.3 * rival / weight)
    if design in (D.IN_VITRO, D.ANIMAL) and len(PEOPLE.findall(texts["abstract"])) >= 2:
        # An abstract about patients with one laboratory word ("assay") is a clinical paper read badly: too
        # unsure to call it a laboratory or animal study.
        confidence *= 0.5
    return DesignReading(design, round(confidence, 2), cue)
