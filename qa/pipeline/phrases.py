"""Reading a question's noun phrases: what acts (subject), what it acts on (target), and for whom (population).

Token rules, not a parser: the questions people put to an answer engine come in a few forms ("Does X reduce Y
in Z?", "Is X a reliable predictor of Y?", "What predicts Y after Z?", "X vs Y for Z?"). A form that is not
recognised leaves the phrases empty, so the plan falls back to headings that need none. Every rule walks the
tokens once, so hostile input costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from truecite.text import STOPWORDS

TOKEN = re.compile(r"\w(?:[\w'’.\-/+%]*[\w+%])?|,")
BE = {"is": False, "are": True, "was": False, "were": True}  # the word, and whether its subject is plural
DO = {"do": True, "does": False, "did": None}
MODALS = frozenset("can could should will would may might must".split())
AUXILIARIES = frozenset(BE) | frozenset(DO) | MODALS | {"has", "have", "had", "be", "been", "being"}
QUESTION_WORDS = frozenset("what which who whom whose why how when where whether".split())

BENEFIT_VERBS = frozenset(
    """reduce lower improve prevent cure treat heal relieve help work slow protect extend prolong delay shrink
    control boost alleviate ease decrease benefit restore enhance shorten reverse stop eliminate eradicate""".split()
)
HARM_VERBS = frozenset(
    "cause increase raise affect worsen trigger promote induce influence impair damage harm lead contribute alter".split()
)
OTHER_VERBS = frozenset(
    """predict have make need require show use outperform replace matter exist occur depend differ vary interact
    correlate lack remain become contain inhibit regulate mediate activate block suppress express bind modulate
    associate link determine drive accelerate produce respond happen play result confer exhibit display undergo
    receive experience carry encode elevate facilitate limit attenuate enable form develop persist""".split()
)
VERBS = BENEFIT_VERBS | HARM_VERBS | OTHER_VERBS
IRREGULAR = {"have": ("has", "had"), "lead": ("leads", "led"), "make": ("makes", "made"), "become": ("becomes", "became")}

# Words before a noun that say how much of it, not what it is: "all major types of cancer" → "cancer".
QUANTIFIERS = frozenset("all some any most many every each several various different certain major other".split())
DETERMINERS = frozenset("the a an this that these those its their our your his her".split())
TYPE_HEADS = frozenset("type types kind kinds form forms".split())
# Outcomes every study of a treatment measures; a paper is on topic by its condition, not by these.
GENERIC_OUTCOMES = frozenset(
    """mortality death deaths survival risk risks outcome outcomes symptoms response responses complications
    hospitalization hospitalizations readmission events recurrence relapse progression incidence severity
    efficacy effectiveness rates rate onset development role cause causes factor factors effect effects impact""".split()
)
# Generic heads of a compound that a paper on its first words need not repeat: "cancer risk", "COPD symptoms".
TRAILING_HEADS = frozenset("risk risks symptoms outcomes".split())
# People a question is about who do not make a paper on topic by themselves.
DEMOGRAPHIC = frozenset(
    """children child kids adults adult elderly older young younger women men infants adolescents teenagers
    students beginners patients people persons individuals humans subjects participants athletes tumors tumours""".split()
)
# "acute migraine": papers say "acute treatment of migraine", so the qualifier is left out of what must match.
QUALIFIERS = frozenset("acute".split())
POPULATION_PREPS = frozenset("in among for during after following before when while".split())
FILLER = frozenset(
    """eventually ever really actually currently still yet generally usually truly also even always often
    significantly substantially meaningfully""".split()
)
# "a lower risk of X", "increased mortality from X": how much of a generic outcome, not what it is about.
AMOUNTS = frozenset("""lower higher increased reduced decreased greater elevated poor poorer better worse overall less more
    fewer faster slower quicker shorter longer smaller larger important key leading significant critical central
    crucial essential main""".split())
NUMBER_WORDS = frozenset("million billion thousand hundred percent one two three four five six seven eight nine ten".split())
JOINING = frozenset("of and or to in with for".split())  # function words a short noun phrase may hold
MAX_PHRASE_WORDS = 8
MAX_FOCUS_WORDS = 5


@dataclass(frozen=True)
class Reading:
    """The phrases of a question, as asked (determiners kept); "" where the question has none."""

    form: str = "open"
    subject: str = ""
    plural: bool = False
    verb: str = ""  # the main verb, base form ("reduce"), or the predicate word ("effective", "safe")
    predicate: str = ""  # what follows the verb, as asked: "mortality in heart failure"
    target: str = ""  # what the subject acts on: "mortality"
    population: str = ""  # "heart failure", "children"
    context: str = ""  # "a traumatic event" in "What predicts Y after a traumatic event?"
    other: str = ""  # the second option of a comparison
    preposition: str = ""  # the one before the population, as asked: "for", "in"
    claim: str = ""  # a yes/no question as a statement, without its final stop


def tokens(text: str) -> list[str]:
    """Word tokens and commas; a word repeated right after itself is kept once."""
    found: list[str] = []
    for token in TOKEN.findall(text):
        if not found or token.lower() != found[-1].lower():
            found.append(token)
    return found


def join(words: list[str]) -> str:
    return " ".join(words).replace(" ,", ",")


def lowered(words: list[str]) -> list[str]:
    return [w.lower() for w in words]


def third_person(verb: str) -> str:
    if verb in IRREGULAR:
        return IRREGULAR[verb][0]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return f"{verb}es"
    if len(verb) > 2 and verb.endswith("y") and verb[-2] not in "aeiou":
        return f"{verb[:-1]}ies"
    return f"{verb}s"


def past(verb: str) -> str:
    if verb in IRREGULAR:
        return IRREGULAR[verb][1]
    if verb.endswith("e"):
        return f"{verb}d"
    if len(verb) > 2 and verb.endswith("y") and verb[-2] not in "aeiou":
        return f"{verb[:-1]}ied"
    return f"{verb}ed"


VERB_FORMS = {form: verb for verb in VERBS for form in (verb, third_person(verb), past(verb))}
UNCOUNTABLE_S = frozenset("diabetes measles mumps news herpes rabies series species sepsis".split())


def is_plural(phrase: str) -> bool:
    """Whether a noun phrase takes "are": "beta blockers", "diet and exercise", not "metformin" or "diabetes"."""
    words = lowered(phrase.split())
    if "and" in words:
        return True
    head = next((words[i - 1] for i, w in enumerate(words) if i and w in {"of", "for", "in", "with", "to", "on"}), words[-1] if words else "")
    if head in UNCOUNTABLE_S or head.endswith(("ss", "is", "us", "ics")):
        return False
    return head.endswith("s") and len(head) > 2


def clean(words: list[str]) -> str:
    """A noun phrase fit to name in a heading, or "": no verb of the question's frame, no dangling function words."""
    words = _trim(words)
    low = lowered(words)
    if not words or len(words) > MAX_PHRASE_WORDS or "," in words:
        return ""
    if any(w in AUXILIARIES or w in QUESTION_WORDS for w in low) or all(w in STOPWORDS for w in low):
        return ""
    return join(words)


def display(words: list[str]) -> str:
    """The phrase for a heading: "all major types of cancer" → "cancer", "the Mediterranean diet" stays."""
    words = _trim(words)
    while words and words[0].lower() in QUANTIFIERS:
        words = words[1:]
    low = lowered(words)
    if "of" in low and all(w in TYPE_HEADS or w in QUANTIFIERS for w in low[: low.index("of")]):
        words = words[low.index("of") + 1 :]
    return clean(words)


def core(words: list[str]) -> str:
    """The short phrase a paper must be about: no determiner, generic head ("risk of X" → "X") or patients."""
    words = display(words).split()
    low = lowered(words)
    for joint in ("of", "to"):
        if joint in low and all(w in GENERIC_OUTCOMES or w in DETERMINERS or w in AMOUNTS for w in low[: low.index(joint)]):
            words = words[low.index(joint) + 1 :]
            low = lowered(words)
    words = [w for w in words if w.lower() not in DETERMINERS]
    # "associated with breast cancer" names breast cancer; the association is what the claim says of it.
    if len(words) > 2 and words[0].lower() in ASSOCIATION_WORDS and words[1].lower() in {"with", "to"}:
        words = words[2:]
    while len(words) > 1 and (words[0].lower() in QUALIFIERS or words[0].lower() in AMOUNTS or _number(words[0].lower())
                              or words[0].lower() in NUMBER_WORDS or words[0].lower() in {"of", "in"}):
        words = words[1:]
    while len(words) > 1 and (words[-1].lower() in TRAILING_HEADS or words[-1].lower() in DEMOGRAPHIC):
        words = words[:-1]
    if len(words) > 2 and words[0].lower() in DEMOGRAPHIC and words[1].lower() in {"with", "of"}:
        words = words[2:]
    if len(words) > MAX_FOCUS_WORDS or any(w.lower() in STOPWORDS - JOINING for w in words):
        return next(iter(sorted(chunks(words), key=lambda p: -len(p.split()))), "")
    return clean(words)


def specific(phrase: str) -> bool:
    """Whether a phrase names more than people or a generic outcome ("children", "mortality")."""
    return any(w not in DEMOGRAPHIC and w not in GENERIC_OUTCOMES for w in lowered(phrase.split()))


def chunks(words: list[str]) -> list[str]:
    """Runs of content words between function words, verbs and numbers: the noun phrases of a free sentence."""
    runs: list[list[str]] = [[]]
    for word in words:
        low = word.lower()
        if low in STOPWORDS or low in AUXILIARIES or low in QUESTION_WORDS or low in VERB_FORMS or low in FILLER \
                or low in NUMBER_WORDS or low in QUANTIFIERS or low in TYPE_HEADS or low in AMOUNTS or low == "," or _number(low):
            runs.append([])
        else:
            runs[-1].append(word)
    return list(dict.fromkeys(p for run in runs if (p := clean(run[:MAX_FOCUS_WORDS]))))


def split_population(words: list[str]) -> tuple[list[str], list[str], str]:
    """"mortality in heart failure" → (["mortality"], ["heart", "failure"], "in")."""
    for i, word in enumerate(words):
        if i and word.lower() in POPULATION_PREPS:
            return words[:i], words[i + 1 :], word.lower()
    return words, [], ""


def _number(word: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%\-/]+", word))


def _trim(words: list[str]) -> list[str]:
    """Without commas, fillers and function words at the ends (determiners may open a phrase)."""
    words = [w for w in words if w.lower() not in FILLER]
    while words and (words[0] == "," or (words[0].lower() in STOPWORDS and words[0].lower() not in DETERMINERS)):
        words = words[1:]
    while words and (words[-1] == "," or words[-1].lower() in STOPWORDS):
        words = words[:-1]
    return words


TRUTH_OPENINGS = (
    ("is", "it", "true", "that"), ("is", "it", "the", "case", "that"), ("is", "it", "correct", "that"),
    ("is", "there", "evidence", "that"), ("do", "studies", "show", "that"), ("does", "research", "show", "that"),
)  # fmt: skip
COMPARATIVES = frozenset("better worse safer superior inferior preferable healthier cheaper faster".split())
THERAPY_WORDS = frozenset("effective efficacious beneficial useful helpful".split())
ASSOCIATION_WORDS = frozenset("associated linked related correlated tied connected".split())
MARKER_WORDS = frozenset("predictor predictors marker markers biomarker biomarkers indicator indicators".split())
# Words that end the subject of "Is X …?": the predicate begins with them.
PREDICATE_STARTS = THERAPY_WORDS | ASSOCIATION_WORDS | COMPARATIVES | frozenset(
    "a an safe unsafe harmful dangerous necessary common rare possible responsible more less worth likely due".split()
)
RESISTANCE = (("stop", "responding"), ("become", "resistant"), ("fail", "to", "respond"), ("stop", "working"), ("develop", "resistance"))
CAUSE_WORDS = {"predicts": "predict", "predict": "predict", "causes": "cause", "cause": "cause", "determines": "predict",
               "triggers": "cause", "factors": "predict", "predictors": "predict", "determinants": "predict"}  # fmt: skip
IRREGULAR_PARTICIPLES = frozenset("done made known shown chosen given taken seen built taught written found".split())


def read_question(body: str) -> Reading:
    """The form of the question and its phrases; Reading() when the form is not recognised."""
    words = tokens(body)
    low = lowered(words)
    if not low:
        return Reading()
    for opening in TRUTH_OPENINGS:
        if tuple(low[: len(opening)]) == opening:
            reading = read_claim(words[len(opening) :], yes_no=True)
            return replace(reading, claim=" ".join(body.split()[len(opening) :]))
    comparison = _comparison(words, low)
    if comparison:
        return comparison
    if low[0] in BE:
        return _be_question(words, low)
    if low[0] in DO or low[0] in MODALS:
        return _verb_question(words, low)
    if low[0] in {"what", "which"}:
        return _what_question(words, low)
    if low[0] == "why":
        return _why_question(words, low)
    if low[0] == "how":
        return _how_question(words, low)
    if low[0] in QUESTION_WORDS or low[0] in AUXILIARIES:
        return Reading()
    return read_claim(words, yes_no=False)


def read_claim(words: list[str], *, yes_no: bool) -> Reading:
    """A statement: its subject, main verb and the rest ("Metformin reduces cancer risk")."""
    low = lowered(words)
    claim = join(words) if yes_no else ""
    at = next((i for i in range(1, len(low)) if low[i] in VERB_FORMS or low[i] in BE or low[i] in {"has", "had"} or _looks_finite(low, i)), None)
    if at is None:
        return Reading("claim", claim=claim)
    verb = VERB_FORMS.get(low[at], "be" if low[at] in BE else "have" if low[at] in {"has", "had"} else low[at])
    plural = low[at] == verb if verb not in {"be", "have"} else low[at] in {"are", "were", "have"}
    subject, rest = words[:at], words[at + 1 :]
    target, population, preposition = split_population(rest)
    return Reading(_verb_form(verb) if yes_no or verb in VERBS else "claim", join(_trim(subject)), plural, verb,
                   join(rest), join(target), join(population), preposition=preposition, claim=claim or join(words))  # fmt: skip


def _looks_finite(low: list[str], i: int) -> bool:
    """"PrimPol generates …", "NAC destabilizes …": a verb outside the lists, guessed from its ending and place.

    A wrong guess only shortens the subject; a missed verb would leave it inside a noun phrase.
    """
    word, before = low[i], low[i - 1]
    if before in STOPWORDS or not before.isalpha() or before.endswith(("s", "al", "ic", "ous", "ive", "ar", "ed")) or not word.isalpha():
        return False
    return (word.endswith("es") or (word.endswith("s") and not word.endswith(("ss", "us", "is")))) and len(word) > 4


def _verb_form(verb: str) -> str:
    if verb == "predict":
        return "predictor"
    return "therapy" if verb in BENEFIT_VERBS else "harm" if verb in HARM_VERBS else "claim"


def _be_question(words: list[str], low: list[str]) -> Reading:
    plural = BE[low[0]]
    if low[1:2] == ["there"] and "between" in low and "and" in low[low.index("between") :]:
        start = low.index("between")
        end = low.index("and", start)
        target, population, preposition = split_population(words[end + 1 :])
        return Reading("harm", join(words[start + 1 : end]), False, "associated", join(words[end + 1 :]), join(target),
                       join(population), preposition=preposition, claim=f"There is {join(words[2:])}")  # fmt: skip
    at = next((i for i in range(2, len(low)) if low[i] in PREDICATE_STARTS or _participle_before_preposition(low, i)), None)
    if at is None and len(low) >= 3:
        at = len(low) - 1
    if at is None:
        return Reading("claim", claim=join(words[1:]))
    subject, predicate = words[1:at], words[at:]
    head, rest = low[at], words[at + 1 :]
    claim = f"{join(subject)} {low[0]} {join(predicate)}"
    form, target_words = "claim", rest
    if head in {"a", "an"} and (marker := next((i for i in range(at, min(at + 5, len(low))) if low[i] in MARKER_WORDS), None)):
        form, target_words = "predictor", words[marker + 2 :] if low[marker + 1 : marker + 2] in (["of"], ["for"]) else words[marker + 1 :]
    elif head in {"a", "an"} and low[at + 1 : at + 3] == ["risk", "factor"]:
        form, target_words = "harm", words[at + 4 :]
    elif head == "safe":
        form = "safety"
    elif head in THERAPY_WORDS:
        form, target_words = "therapy", rest[1:] if rest and rest[0].lower() in {"for", "in", "against", "at"} else rest
        if target_words and target_words[0].lower().endswith("ing"):
            target_words = target_words[1:]
    elif head in ASSOCIATION_WORDS:
        form, target_words = "harm", rest[1:] if rest and rest[0].lower() in {"with", "to"} else rest
    if form == "safety":
        target, population, preposition = [], rest[1:], rest[0].lower() if rest else ""
    else:
        target, population, preposition = split_population(target_words)
    return Reading(form, join(_trim(subject)), plural, head, join(predicate[1:]), join(target), join(population),
                   preposition=preposition, claim=claim)  # fmt: skip


def _participle_before_preposition(low: list[str], i: int) -> bool:
    """"Is obesity caused by …": a participle ends the subject; "processed meat" does not."""
    return len(low[i]) > 4 and low[i].endswith("ed") and (i == len(low) - 1 or low[i + 1] in STOPWORDS)


def _main_verb(low: list[str]) -> int | None:
    """Where the main verb of "Does X V Y" is; a verb-like noun ("birth control cause") gives way to the next."""
    for i in range(2, len(low)):
        if low[i] in VERBS and not (i + 1 < len(low) and low[i + 1] in VERBS and low[i] != "help"):
            return i
    return None


def _verb_question(words: list[str], low: list[str]) -> Reading:
    aux = low[0]
    at = _main_verb(low)
    if at is None:
        return Reading("claim", claim=join(words[1:]))
    subject = words[1:at]
    while len(subject) > 1 and subject[-1].lower().endswith("ly"):
        subject = subject[:-1]
    subject = _trim(subject)
    verb, rest = low[at], words[at + 1 :]
    plural = DO[aux] if DO.get(aux) is not None else is_plural(join(subject))
    acted_on = rest[1:] if rest and (rest[0].lower() == "to" or rest[0].lower() in VERBS) else rest
    target, population, preposition = split_population(acted_on)
    if aux == "did":
        said = past(verb)
    elif aux in DO:
        said = verb if plural else third_person(verb)
    else:
        said = f"{aux} {verb}"
    claim = f"{join(subject)} {said} {join(rest)}"
    return Reading(_verb_form(verb), join(subject), plural, verb, join(rest), join(target), join(population),
                   preposition=preposition, claim=claim.strip())  # fmt: skip


def _comparison(words: list[str], low: list[str]) -> Reading | None:
    """"A vs B for Z", "Is A better than B for Z", "Which is better, A or B?"."""
    first = 0
    while first < len(low) and (low[first] in AUXILIARIES or low[first] in QUESTION_WORDS or low[first] in {"it", "there"}):
        first += 1
    if "vs" in low or "versus" in low:
        at = low.index("vs") if "vs" in low else low.index("versus")
        options, after = words[first:at], words[at + 1 :]
    elif (at := next((i for i in range(1, len(low) - 1) if low[i] == "compared" and low[i + 1] in {"to", "with"}), None)) is not None:
        options, after = words[first:at], words[at + 2 :]
    elif "than" in low and (cut := _comparative_before(low, low.index("than"))) is not None:
        options, after = words[first:cut], words[low.index("than") + 1 :]
    elif low[0] == "which" and "or" in low:
        at = low.index("or")
        start = max((i for i in range(at) if low[i] == ","), default=first)
        rest = words[at + 1 :]
        stop = next((i for i, w in enumerate(rest) if w == ","), len(rest))
        other, population, preposition = split_population(rest[:stop])
        if not population:
            _, population, preposition = split_population([","] + rest[stop:] if stop < len(rest) else words[:start])
        return Reading("comparison", join(_trim(words[start:at])), other=join(_trim(other)), population=join(_trim(population)), preposition=preposition)
    else:
        return None
    subject_verb = next((i for i, w in enumerate(options) if i and w.lower() in VERBS), None)
    other, population, preposition = split_population(after)
    return Reading("comparison", join(_trim(options[:subject_verb])), other=join(_trim(other)), population=join(_trim(population)),
                   preposition=preposition)  # fmt: skip


def _comparative_before(low: list[str], than: int) -> int | None:
    if than and low[than - 1] in COMPARATIVES:
        return than - 1
    if than > 1 and low[than - 2] in {"more", "less"}:
        return than - 2
    return None


def _what_question(words: list[str], low: list[str]) -> Reading:
    at = 1
    while at < len(low) and (low[at] in BE or low[at] in DETERMINERS or low[at] in {"main", "risk", "key", "common"}):
        at += 1
    if at < len(low) and low[at] in CAUSE_WORDS:
        rest = words[at + 2 :] if low[at + 1 : at + 2] in (["of"], ["for"]) else words[at + 1 :]
        if rest and rest[0].lower() in VERB_FORMS:
            rest = rest[1:]
        target, population, preposition = split_population(rest)
        context = preposition in {"after", "following"}
        return Reading("predicts", verb=CAUSE_WORDS[low[at]], target=join(target), population="" if context else join(population),
                       context=join(population) if context else "", preposition=preposition)  # fmt: skip
    if "best" in low:
        best = low.index("best")
        kind, population, preposition = split_population(words[best + 1 :] if low[0] == "what" else words[1 : best])
        if low[0] == "which" and not population:
            _, population, preposition = split_population(words[best:])
        return Reading("best", join(_trim(kind)), population=join(_trim(population)), preposition=preposition)
    return Reading()


def _why_question(words: list[str], low: list[str]) -> Reading:
    for pattern in RESISTANCE:
        for i in range(2, len(low) - len(pattern)):
            if tuple(low[i : i + len(pattern)]) == pattern and low[i + len(pattern)] in {"to", "on"}:
                treatment = words[i + len(pattern) + 1 :]
                return Reading("resistance", join(_trim(treatment)), target=join(_trim(words[2:i])))
    if len(low) > 2 and low[1] in DO:
        inner = _verb_question(words[1:], low[1:])
        clause = inner.claim if inner.verb else (join(words[2:]) if low[1] == "do" else "")
        return Reading("why", inner.subject, inner.plural, inner.verb, predicate=clause)
    if len(low) > 2 and low[1] in BE:
        inner = _be_question(words[1:], low[1:])
        return Reading("why", inner.subject, inner.plural, inner.verb, predicate=inner.claim)
    return Reading("why")


def _how_question(words: list[str], low: list[str]) -> Reading:
    if len(low) > 3 and low[1] in BE:
        at = next((i for i in range(3, len(low)) if low[i] in IRREGULAR_PARTICIPLES or (len(low[i]) > 4 and low[i].endswith("ed"))), None)
        if at is not None:
            return Reading("methods", join(_trim(words[2:at])), BE[low[1]], low[at], join(words[at + 1 :]))
    if len(low) > 3 and low[2] in BE and low[1] in THERAPY_WORDS | {"safe"}:
        subject, after, preposition = split_population(words[3:])
        if low[1] == "safe":
            return Reading("safety", join(_trim(subject)), BE[low[2]], "safe", join(words[3 + len(subject) :]),
                           population=join(after), preposition=preposition)  # fmt: skip
        target, population, inner = split_population(after)
        return Reading("therapy", join(_trim(subject)), BE[low[2]], low[1], join(words[3 + len(subject) :]), join(target),
                       join(population), preposition=inner)  # fmt: skip
    if len(low) > 2 and low[1] in DO:
        inner = _verb_question(words[1:], low[1:])
        return Reading(inner.form, inner.subject, inner.plural, inner.verb, inner.predicate, inner.target, inner.population,
                       preposition=inner.preposition) if inner.verb and inner.verb != "work" else Reading(subject=inner.subject)  # fmt: skip
    return Reading()
