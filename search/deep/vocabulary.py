"""The words Deep Search reads questions with: edit these lists to teach it new phrasings.

Patterns are regular expressions matched against the lower-cased question, on word boundaries.
"""

from __future__ import annotations

from search.models import StudyType

# Study designs a question can ask for, most specific first, with the catalog's study types that meet
# the criterion and those that only partly meet it (a systematic review of trials when trials are asked for;
# a narrative review never meets a design other than "reviews").
OBSERVATIONAL = (StudyType.COHORT, StudyType.CASE_CONTROL, StudyType.CROSS_SECTIONAL)
DESIGNS: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    (r"(?:systematic reviews?|meta-?analys[ie]s)(?: and meta-?analys[ie]s)?", "systematic reviews or meta-analyses",
     (StudyType.SYSTEMATIC_REVIEW,), (StudyType.REVIEW,)),
    (r"(?:randomi[sz]ed (?:controlled |clinical |placebo-controlled )*(?:trials?|studies)|rcts?|controlled trials?|clinical trials?|trials?)",
     "randomized trials", (StudyType.RANDOMIZED_TRIAL,), (StudyType.SYSTEMATIC_REVIEW, StudyType.NONRANDOMIZED_TRIAL)),
    (r"(?:prospective |retrospective )?(?:cohort|observational|case-control|cross-sectional|population-based|registry) (?:studies|study|data)",
     "cohort or observational studies", OBSERVATIONAL, (StudyType.SYSTEMATIC_REVIEW,)),
    (r"case reports?|case series", "case reports", (StudyType.CASE_REPORT,), (StudyType.COHORT,)),
    (r"(?:animal|mouse|murine|rat|in vitro|preclinical|laboratory) (?:studies|study|models?|experiments?)", "animal or in vitro studies",
     (StudyType.ANIMAL, StudyType.IN_VITRO), ()),
    (r"(?:narrative |literature )?reviews?", "reviews", (StudyType.REVIEW, StudyType.SYSTEMATIC_REVIEW), ()),
]

# Words that show a design in a paper's own sentences, per design label (stems of the catalog's wording).
DESIGN_EVIDENCE: dict[str, str] = {
    "systematic reviews or meta-analyses": r"systematic(?:ally)? review|meta-?analy|pooled analysis|we searched",
    "randomized trials": r"randomi[sz]ed|randomly (?:assigned|allocated)|placebo-controlled|double-blind|phase (?:2|3|ii|iii) trial",
    "cohort or observational studies": r"cohort|observational|case-control|cross-sectional|retrospective|prospective|registry",
    "case reports": r"case report|we (?:report|describe|present) (?:a|an|the) (?:case|patient)",
    "animal or in vitro studies": r"\bmice\b|\bmouse\b|\brats?\b|murine|in vitro|cell lines?|xenograft",
    "reviews": r"\breview\b|overview|we summari[sz]e|we discuss",
}

# A question that asks how treatments compare is answered by controlled comparisons, when it names no design.
COMPARISON = r"\bcompar(?:e|es|ed|ing|ative|ison)\b|\bversus\b|\bvs\.?(?=\s)|\bhead-to-head\b"
IMPLIED_COMPARISON_DESIGN = "randomized trials"

# Publication-time phrases ("since 2020", "in the last 5 years"); a bare "in 2001" in a claim is about the
# events studied, not when the paper appeared, so it is not a time frame.
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "fifteen": 15, "twenty": 20}

# Openings that carry no criterion.
LEAD_INS = (
    r"^(?:is it true that|what is the evidence (?:that|for|on|about)|what does the evidence say about|"
    r"find|show me|search for|look for|papers?|studies|articles|evidence)\b[\s:,]*",
    r"^(?:what|which|how|does|do|did|is|are|was|were|can|could|should|will|would|has|have|why|when|where|who)\b"
    r"(?:\s+(?:is|are|was|were|do|does|did|the|a|an|there|any|much|many|well|effective|common)\b)*\s*",
)

# "the comparative effectiveness and harms of X": what is measured, before what it is measured for.
_ASPECT = r"(?:comparative |relative )?(?:effectiveness|efficacy|safety|harms?|benefits?|risks?|tolerability|(?:adverse|side) effects)"
ASPECTS_OF = rf"^\s*(?:the\s+)?({_ASPECT}(?:(?:,\s*|\s+and\s+|\s+or\s+){_ASPECT})*)\s+of\s+"

# Words that introduce a part of the question, and the criterion that part states.
CUES: list[tuple[str, str]] = [
    (r"(?:in patients with|in people with|in adults with|in children with|among patients with|in subjects with)", "population"),
    (r"(?:reporting|that report|which report|measuring|that measure|with outcomes? of|in terms of|effects? on|"
     r"impact on|influence on|associated with|risk of|outcomes? of|compare in|compared in|to improve|to reduce|to prevent)", "outcome"),
    (r"(?:versus|vs\.?|compared with|compared to|rather than|instead of|than)", "comparator"),
    (r"(?:in|among|for|with|of patients with|for patients with|for people with|for treating|for the treatment of|"
     r"in the treatment of|to treat|after)", "population"),
]

# A claim states a relation: split it there into exposure and outcome.
RELATION_VERBS = (
    r"(?:is|are|was|were|be) (?:not )?(?:associated|correlated|linked|related|required|necessary|sufficient|involved|"
    r"responsible|critical|essential|important)(?: with| for| to| in)?|"
    r"(?:do|does|did) not \w+|cannot \w+|"
    r"increases?|increased|decreases?|decreased|reduces?|reduced|raises?|lowers?|improves?|improved|worsens?|"
    r"causes?|caused|leads? to|results? in|contributes? to|promotes?|inhibits?|suppresses?|induces?|induced|"
    r"prevents?|protects? against|regulates?|mediates?|enhances?|impairs?|blocks?|activates?|predicts?|"
    r"affects?|alters?|lacks?|has no|have no|has|have|shows?|exhibits?|requires?|correlates? with|"
    r"is|are|was|were"
)

# "such as A, B and C" / "including A and B": examples of the criterion just before them.
EXAMPLES = r"(?:,\s*)?(?:such as|including|e\.g\.,?|like)\s+"

# Words too general to show that a sentence meets a criterion ("patients", "effects").
GENERIC_WORDS = frozenset(
    """
    patient patients people person persons subject subjects participant participants individual individuals human humans
    effect effects effectiveness efficacy outcome outcomes result results study studies trial trials paper papers
    evidence use used using treatment treatments treat treated therapy therapies drug drugs agent agents
    newer new older different various other comparative compare compared type types form forms
    report reporting reported risk level levels rate rates role acute chronic
    """.split()
)

# Classes a question names and the members papers name instead (lower case; MeSH headings included).
# A criterion naming a class is met by a sentence naming a member.
MEMBERS: dict[str, tuple[str, ...]] = {
    "pd-1 inhibitor": ("nivolumab", "pembrolizumab", "cemiplimab", "dostarlimab", "toripalimab", "sintilimab",
                       "tislelizumab", "camrelizumab", "anti-pd-1", "pd-1 blockade", "programmed death-1"),
    "pd-l1 inhibitor": ("atezolizumab", "durvalumab", "avelumab", "anti-pd-l1", "pd-l1 blockade"),
    "ctla-4 inhibitor": ("ipilimumab", "tremelimumab", "anti-ctla-4", "ctla-4 blockade"),
    "checkpoint inhibitor": ("nivolumab", "pembrolizumab", "ipilimumab", "atezolizumab", "durvalumab", "avelumab",
                             "cemiplimab", "checkpoint blockade", "anti-pd-1", "anti-pd-l1", "anti-ctla-4"),
    "beta blocker": ("adrenergic beta-antagonists", "metoprolol", "atenolol", "propranolol", "carvedilol", "bisoprolol",
                     "nebivolol", "labetalol", "nadolol", "timolol", "pindolol", "acebutolol", "betaxolol"),
    "calcium channel blocker": ("calcium channel blockers", "amlodipine", "nifedipine", "diltiazem", "verapamil",
                                "felodipine", "isradipine", "nicardipine", "nisoldipine", "lacidipine"),
    "proton pump inhibitor": ("omeprazole", "esomeprazole", "lansoprazole", "pantoprazole", "rabeprazole"),
    "triptan": ("sumatriptan", "rizatriptan", "zolmitriptan", "naratriptan", "almotriptan", "eletriptan", "frovatriptan"),
    "statin": ("atorvastatin", "simvastatin", "rosuvastatin", "pravastatin", "lovastatin", "fluvastatin"),
    "opioid": ("morphine", "oxycodone", "hydromorphone", "fentanyl", "methadone", "tramadol", "oxymorphone",
               "levorphanol", "analgesics, opioid"),
    "skeletal muscle relaxant": ("baclofen", "tizanidine", "cyclobenzaprine", "carisoprodol", "methocarbamol",
                                 "dantrolene", "metaxalone", "chlorzoxazone", "orphenadrine", "muscle relaxants, central"),
    "estrogen": ("estradiol", "conjugated estrogens", "estrogen replacement therapy", "hormone replacement therapy",
                 "estropipate", "ethinyl estradiol"),
    "nonsteroidal anti-inflammatory": ("anti-inflammatory agents, non-steroidal", "ibuprofen", "naproxen", "diclofenac",
                                       "celecoxib", "rofecoxib", "valdecoxib", "meloxicam", "etodolac", "nabumetone"),
    "cox-2 inhibitor": ("celecoxib", "rofecoxib", "valdecoxib", "etoricoxib", "lumiracoxib", "cyclooxygenase 2 inhibitors"),
    "antihistamine": ("histamine h1 antagonists", "cetirizine", "loratadine", "fexofenadine", "desloratadine",
                      "levocetirizine", "azelastine"),
    "atypical antipsychotic": ("antipsychotic agents", "clozapine", "olanzapine", "risperidone", "quetiapine",
                               "ziprasidone", "aripiprazole"),
    "oral hypoglycemic": ("hypoglycemic agents", "metformin", "glipizide", "glyburide", "glimepiride", "pioglitazone",
                          "rosiglitazone", "repaglinide", "nateglinide", "sulfonylurea"),
    "adhd drug": ("methylphenidate", "amphetamine", "atomoxetine", "dexmethylphenidate", "central nervous system stimulants"),
    "overactive bladder drug": ("oxybutynin", "tolterodine", "trospium", "solifenacin", "darifenacin", "muscarinic antagonists"),
}
