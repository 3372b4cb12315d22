"""Who a paper studied and how many: the sample size and the population, intervention, comparator and outcomes.

Precision before recall: a field the text does not plainly state is left empty rather than guessed, because
the answer writer repeats these words ("In a trial of 945 patients with advanced melanoma, …"). Every
pattern is linear on hostile input (bounded or possessive repeats only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from search.reading.results import MAX_SENTENCE_CHARS, lower_initial, read_results, readable

PEOPLE = (
    r"men\sand\swomen|women\sand\smen|boys\sand\sgirls|girls\sand\sboys|patients|participants|subjects|women"
    r"|men|children|adolescents|adults|individuals|people|persons|veterans"
    r"|survivors|respondents|volunteers|smokers|infants|neonates|newborns|mothers|girls|boys|students|workers"
    r"|nurses|physicians|residents|outpatients|inpatients|recipients|donors|users|diabetics|asthmatics|athletes"
    r"|employees|twins|pregnancies"
)
_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split()
)
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_NUMBERS = {word: value for value, word in enumerate(_SMALL)} | {w: 10 * t for t, w in enumerate(_TENS, 2)}
_BELOW_100 = rf"(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(_SMALL[1:10])}))?|{'|'.join(reversed(_SMALL[2:]))}"
_SPELLED = rf"(?:{'|'.join(_SMALL[1:10])})\shundred(?:\s(?:and\s)?(?:{_BELOW_100}))?|{_BELOW_100}"
# Thousands grouped by commas or (thin) spaces, as journals print them: "1,203", "16 602".
_NUMERAL = rf"\d{{1,3}}(?:[,\s\u2009\u202f]\d{{3}})++(?![\d,.-])|\d{{1,7}}(?![\d,.%\u00b7-])"
# A modifier between the count and its noun ("945 previously untreated patients"); units, scale words and
# prepositions end the phrase, so "65 years old patients", "10 million people", "5 mg in patients" are no count.
_MODIFIER = (
    r"(?!(?:years?|yrs?|months?|weeks?|days?|hours?|mg|g|kg|ml|mmol|million|billion|thousand|hundred|percent"
    r"|per|of|in|with|and|or|to|from|for|at|by|than|who|were|was|had)\b)[A-Za-z][\w'-]{0,30}"
    r"(?:(?<=type|Type|TYPE)\s[12])?"
)
_COUNT = re.compile(
    rf"(?<![\w.,\u00b7/-])(?P<number>{_NUMERAL}|{_SPELLED})\s(?:{_MODIFIER}\s){{0,3}}?"
    rf"(?:(?P<people>{PEOPLE})|(?P<trials>(?:randomi[sz]ed\s)?(?:controlled\s)?(?:clinical\s)?(?:trials|RCTs))"
    rf"|(?P<studies>studies|articles|cohorts|publications|reports))\b(?![-'’])"
    # "Patients (n = 3991) with chronic heart failure": the noun opens the sentence, its count in brackets
    # ("olanzapine patients (N = 37)" further on is one arm).
    rf"|^(?:[\w/-]+\s){{0,2}}?(?P<named>{PEOPLE})\b[^()]{{0,40}}?\(\s?[nN]\s?=\s?(?P<bracketed>{_NUMERAL})\s?[),;]",
    re.I,
)
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|from|during|until|through|between|and|to|before|after|by|early|late|mid|of\syear|"
    r"January|February|March|April|May|June|July|August|September|October|November|December))\s$",
    re.I,
)
# An age, a rate, an estimate, a bracketed or a share of another group is no sample: "aged 65", "per 1000 women",
# "ASA 1 and 2 patients", "type 2 patients", "(nine patients)",
# "more than 11,000 patients", "the remaining 16 patients", "a substudy of 741 patients"; nor is a count of
# those with an outcome, "relief was reported by 47 patients (65.3%)", "side effects occurred in 5 patients",
# "31 patients completed the trial".
_NOT_A_SAMPLE_BEFORE = re.compile(
    r"(?:\b(?:aged?|ages|older\sthan|younger\sthan|per|every|each|over|more\sthan|approximately|about|nearly"
    r"|almost|some|up\sto|at\sleast|estimated|roughly|around|only|another|additional|remaining|subgroup\sof"
    r"|subset\sof|substudy\sof|sub-study\sof|subsample\sof|type|grade|stage|class|phase|day|week|group|arm"
    r"|study|ASA|NYHA|level|step|visit|cycle)|[×x/>~≥≈(]|\d\s(?:and|or|to))\s?$",
    re.I,
)
_SHARE_AFTER = re.compile(
    r"\s?[(\[]\s?\d{1,3}(?:[.\u00b7]\d+)?\s?%|\s(?:had|developed|experienced|reported|died|withdrew|dropped"
    r"|discontinued|completed|responded|required|showed|achieved|each)\b",
    re.I,
)
_OUTCOME_BEFORE = re.compile(
    r"\b(?:observed|occurred|seen|found|noted|reported|detected|developed|documented|recorded)\sin\s$", re.I
)
# One arm of several: "10 patients with aura and 2 patients without", "49 patients received X, 43 received Y";
# only the next count is looked at, so "92 patients were included: 30 received placebo, 29 …" stays whole.
_ANOTHER_ARM_AFTER = re.compile(
    rf"(?:[^;()\d]|\d[\d.]*+\s?(?:%|(?:mg|g|ml|kg|mcg|µg)\b)|\([^()]{{0,40}}\)){{0,150}}?"
    rf"(?:\band|\bor|\bversus|\bvs\.?|\bcompared\swith|\bwhile|\bwhereas|,)\s(?:the\s)?"
    rf"(?:{_NUMERAL}|{_SPELLED})\s(?:(?:[\w-]+\s)?(?:{PEOPLE})\b|received\b|were\b|to\b|in\b)",
    re.I,
)
_TOTAL_OF = re.compile(r"\btotal\sof\s$", re.I)
_OF_THE = re.compile(r"(?:of|among)\s(?:the|these|all)?\s?", re.I)
# "37 out of 100 patients" is a rate, not a sample of 100.
_RATE_OF = re.compile(r"\d\s(?:out\s)?of\s$")
# Words around a count that make it a pool the sample was drawn from, or a figure from outside the study:
# "500 patients were screened", "we identified 1,234 studies", "12,000 women die of it each year".
_POOL = re.compile(
    r"\b(?:screened(?!\sand\b)|assessed\sfor\seligibility|approached|invited|searched|retrieved|yielded"
    r"|each\syear|every\syear|annually|per\syear|worldwide|previously|prior\s(?:studies|trials)|have\sbeen)\b",
    re.I,
)


@dataclass
class Sample:
    n: int
    unit: Literal["participants", "trials", "studies"]
    phrase: str  # as the text counts them: "945 patients", "53 trials", "twelve studies"


@dataclass
class Pico:
    population: str = ""  # "patients with advanced melanoma"
    condition: str = ""  # "melanoma"
    intervention: str = ""  # "nivolumab plus ipilimumab"
    comparator: str = ""  # "ipilimumab alone"
    outcomes: list[str] = field(default_factory=list)  # ["overall survival", "progression-free survival"]


def read_sample(sentences: list[str], design: str) -> Sample | None:
    """How many the paper counts: trials or studies for a review or meta-analysis, participants otherwise.

    `design` is the study design's name ("meta-analysis", "systematic_review", "randomized_trial", …): one that
    names a review counts trials and studies, a preclinical one counts nobody. Of the counts left once ages,
    years, rates, estimates, arms, named subgroups and screened pools are set aside, the largest is the whole
    sample, since every subgroup is smaller than it ("Of the 945 patients, 314 …" → 945).
    """
    design = design.lower().replace("_", " ")
    if re.search(r"preclinical|animal|in vitro|laboratory", design):
        return None
    wanted = {"trials", "studies"} if re.search(r"review|meta", design) else {"participants"}
    samples = [sample for sentence in readable(sentences) for sample in _samples(sentence) if sample.unit in wanted]
    return max(samples, key=lambda sample: sample.n, default=None)


def _samples(sentence: str) -> list[Sample]:
    """The counts in one sentence that may be the whole sample; an enumeration of arms ends the sentence's."""
    samples = []
    for match in _COUNT.finditer(sentence):
        number = match["number"] or match["bracketed"]
        before = sentence[max(0, match.start() - 30) : match.start()]
        if _ANOTHER_ARM_AFTER.match(sentence, match.end()) and not _is_whole(sentence, match, before):
            break
        n = _value(number)
        if n >= 2 and _is_sample(sentence, match, n, before):
            noun = (match["people"] or match["named"] or match["trials"] or match["studies"]).lower()
            unit = "participants" if match["people"] or match["named"] else "trials" if match["trials"] else "studies"
            samples.append(Sample(n, unit, f"{number.lower()} {noun.replace('rcts', 'RCTs')}"))
    return samples


def _is_whole(sentence: str, match: re.Match[str], before: str) -> bool:
    """"A total of 118 patients …, 55 in …", "Of the 945 patients, 314 …": a whole before its parts."""
    return bool(_TOTAL_OF.search(before) or (match.start() == len(before) and _OF_THE.fullmatch(before)))


def _value(number: str) -> int:
    if number[0].isdigit():
        return int(re.sub(r"\D", "", number))
    value = 0
    for word in re.split(r"[\s-]+", number.lower()):
        value = value * 100 if word == "hundred" else value + _WORD_NUMBERS.get(word, 0)
    return value


def _is_sample(sentence: str, match: re.Match[str], n: int, before: str) -> bool:
    if _NOT_A_SAMPLE_BEFORE.search(before) or _OUTCOME_BEFORE.search(before):
        return False
    if _SHARE_AFTER.match(sentence, match.end()):
        return False
    if 1900 <= n <= 2100 and (match["number"] or match["bracketed"]).isdigit() and _YEAR_BEFORE.search(before):
        return False
    if _RATE_OF.search(before) and re.fullmatch(r"10+", str(n)):
        return False
    return not _POOL.search(sentence[max(0, match.start() - 60) : match.end() + 80])


_WORD = r"[A-Za-z0-9][\w'’/+-]*+"
# Words that end a condition or a treatment phrase: verbs, clause openers, doses, places and times.
_STOP = (
    r"(?:who|whose|which|that|were|was|are|is|had|has|have|treated|receiving|received|undergoing|requiring|in|on"
    r"|from|at|to|for|randomi[sz]ed|enrolled|using|between|during|after|before|than|versus|vs|aged|despite"
    r"|without|given|administered|once|twice|daily|every|until|by|as|group|groups|arm|arms|may|might|can|could"
    r"|should|will|would|be|been|significantly|not|having)"
)
_PHRASE = rf"{_WORD}(?:\s(?!{_STOP}\b){_WORD}){{0,5}}"
# A treatment ends at its dose: "metformin 500 mg twice daily" is "metformin".
_NOT_A_TREATMENT = (
    r"(?:the|a|an|this|these|its|their|we|it|one|two|three|each|either|both|examine|evaluate|assess|compare|determine"
    r"|investigate|study|be|receive|importance|effects?|efficacy|safety|role|use|comparison|treatment|therapy"
    r"|double-blind|open-label|patients|subjects|participants|groups?)\b"
)
_TREATMENT = rf"(?!{_NOT_A_TREATMENT})[A-Za-z][\w'’/+-]*+(?:\s(?!{_STOP}\b|or\b|\d){_WORD}){{0,5}}"
# What may stand before the people: "elderly patients", "hypertensive adults", "HIV-infected women".
_ADJECTIVE = (
    r"(?:adult|elderly|older|young|younger|critically\sill|postmenopausal|premenopausal|pregnant|healthy|obese"
    r"|overweight|male|female|pediatric|paediatric|ambulatory|hospitali[sz]ed|untreated|treatment-naive"
    r"|[A-Za-z][\w-]*?(?:ic|ive|al|ed)|(?-i:[A-Z][A-Z0-9-]{1,9}))"
)
_POPULATION = re.compile(
    rf"\b(?P<who>(?:(?!(?:enrolled|included|recruited|randomi[sz]ed|assigned|treated|selected|involved|{_SPELLED})\b)"
    rf"{_ADJECTIVE}\s)"
    rf"{{0,2}}?(?P<noun>{PEOPLE}))\s(?P<link>with|who\shad|who\shave|diagnosed\swith"
    rf"|hospitali[sz]ed\swith|suffering\sfrom)\s(?:a\s(?:history|diagnosis)\sof\s)?"
    rf"(?!(?:undergone|received|been|a|an|the|no|or)\b)(?P<condition>{_PHRASE})",
    re.I,
)
_DISEASE_WORD = re.compile(
    r"cancers?|carcinomas?|melanoma|tumou?rs?|neoplasms?|leuk(?:a)?emia|lymphomas?|myeloma|disease|disorders?"
    r"|syndrome|infections?|failure|diabetes|mellitus|hypertension|asthma|sepsis|stroke|fibrillation|obesity"
    r"|depression|schizophrenia|migraine|pain|injury|injuries|infarction|insufficiency|dementia|epilepsy|seizures"
    r"|psoriasis|ulcers?|reflux|urticaria|malaria|enuresis|pneumonia|influenza|angina|incontinence|mania|anxiety"
    r"|insomnia|fractures?|spasticity|bladder|hyperplasia|[a-z]+(?:itis|osis|omas?|emia|aemia|pathy|algia|plegia"
    r"|penia|trophy|uria|ism)",
    re.I,
)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,9}")
_LEADING_SEVERITY = re.compile(
    r"^(?:(?:the\s)?(?:prophylaxis|treatment|prevention|management)\sof|(?:previously\s)?(?:un)?treated|untreated"
    r"|advanced|locally\sadvanced|metastatic|unresectable|recurrent"
    r"|relapsed|refractory|resected|newly\sdiagnosed|early(?:-stage)?|high-risk"
    r"|moderate(?:-|\sto\s|-to-)severe|mild(?:-|\sto\s|-to-)moderate|mild|moderate|severe|stage"
    r"|[IV]{1,4}[A-C]?(?=\s)|[0-4][A-C]?(?=\s)|,|or|and|\s)+",
    re.I,
)
_ARMS = re.compile(
    rf"\b(?:assigned|allocated|randomi[sz]ed)\b[^.;]{{0,60}}?\bto\s"
    rf"(?:receive\s|either\s|(?:double-blind\s|open-label\s)?"
    rf"(?:treatment|therapy)\swith\s){{0,2}}"
    rf"(?P<first>{_TREATMENT})(?:,\s(?:{_TREATMENT}),?)?,?\s(?:or|versus|vs\.?)\s(?:to\s)?(?:receive\s)?"
    rf"(?P<last>{_TREATMENT})",
    re.I,
)
_VERSUS = re.compile(
    rf"(?:^|[:,]\s|\b(?:of|comparing|between|trial|study)\s)(?P<first>{_TREATMENT})\s(?:versus|vs\.?)"
    rf"\s(?P<last>{_TREATMENT})",
    re.I,
)
_TITLE_FOR = re.compile(
    rf"^(?P<first>{_TREATMENT})\s(?:for|in)\s(?:the\s)?(?:treatment|prevention|management)\sof\s(?P<last>{_PHRASE})",
    re.I,
)
_OUTCOMES = re.compile(
    r"\bprimary\s(?:efficacy\s)?(?:end\s?points?|outcomes?(?:\smeasures?)?)\s(?:was|were|included|:)\s(?:the\s)?"
    r"(?P<list>[^.;()]{3,200})",
    re.I,
)
_OUTCOME_END = re.compile(
    r"\s(?:at|from|by|as|assessed|measured|defined|during|over|within|after|among|which|was|were|according)\b.*", re.I
)
_NOT_AN_OUTCOME = re.compile(
    r"(?:similar|different|reached|met|not|significantly|observed|achieved|higher|lower|greater|improved|reduced)\b",
    re.I,
)
_PLACEBO = re.compile(r"placebo-controlled|\b(?:or|versus|vs\.?|with)\splacebo", re.I)
_PARENTHESIS = re.compile(r"\s?[(\[][^()\[\]]{0,100}[)\]]")
_LOOSE_ENDS = re.compile(r"^(?:(?:the|a|an)\s)+|(?:\s(?:and|or|of|the|a|an|with|plus|in))+$", re.I)


def read_pico(title: str, sentences: list[str]) -> Pico:
    """Population, condition, intervention, comparator and outcomes in the abstract's own words, "" if unstated.

    The title is read first: "X versus Y in Z", "X for the treatment of Y", "… in patients with Y"; then the
    sentences in order: "in 945 patients with advanced melanoma", "randomly assigned to X or Y", "the primary
    end point was Z". Where no primary outcome is named, the outcomes are what the key results measure.
    """
    title, sentences = _sentence_case(title[:MAX_SENTENCE_CHARS]), readable(sentences)
    pico = Pico()
    for text in (_PARENTHESIS.sub("", text) for text in [title, *sentences]):
        if not pico.population and (found := _POPULATION.search(text)):
            named = _named_disease(found["condition"])
            who = found["who"] if len(found["who"].split()) + len(named.split()) < 8 else found["noun"]
            if named:
                pico.population = _trim(f"{who} {found['link']} {named}")
                pico.condition = _disease(named)
        if not pico.intervention and (found := _ARMS.search(text) or _VERSUS.search(text) or _TITLE_FOR.search(text)):
            if found.re is _TITLE_FOR:
                pico.intervention = _trim(found["first"])
                pico.condition = pico.condition or _disease(found["last"])
            else:
                pico.intervention, pico.comparator = _trim(found["first"]), _trim(found["last"])
        if not pico.outcomes and (found := _OUTCOMES.search(text)):
            pico.outcomes = _outcome_list(found["list"])
    if not pico.condition and (found := re.search(rf"\bin\s(?P<condition>{_PHRASE})", title)):
        pico.condition = _disease(found["condition"])
    if not pico.comparator and any(_PLACEBO.search(sentence) for sentence in sentences):
        pico.comparator = "placebo"
    if not pico.outcomes:
        pico.outcomes = list(dict.fromkeys(r.measure for r in read_results(sentences) if r.measure))[:3]
    return pico


def _sentence_case(title: str) -> str:
    """A Title Cased Title in lower case except its acronyms, so its phrases read like the abstract's."""
    words = re.findall(r"[A-Za-z][\w'’-]*", title)
    if sum(word[0].isupper() for word in words) < 0.6 * len(words):
        return title
    return re.sub(r"\b[A-Z][a-z'’-]*\b", lambda word: word.group().lower(), title)


def _trim(phrase: str) -> str:
    return lower_initial(_LOOSE_ENDS.sub("", " ".join(phrase.split())))


def _named_disease(phrase: str) -> str:
    """The phrase up to its last disease word ("seasonal allergic rhinitis significantly reduced" → "… rhinitis")."""
    words = phrase.split()
    ends = [i for i, word in enumerate(words) if _DISEASE_WORD.fullmatch(word) or _ACRONYM.fullmatch(word)]
    return " ".join(words[: ends[-1] + 1]) if ends else ""


def _disease(phrase: str) -> str:
    """The condition without its stage or severity ("advanced melanoma" → "melanoma"), if it names a disease."""
    condition = _trim(_LEADING_SEVERITY.sub("", _named_disease(_trim(phrase))))
    return condition if 1 <= len(condition.split()) <= 6 else ""


def _outcome_list(text: str) -> list[str]:
    outcomes = []
    for part in re.split(r",\s(?:and\s)?|\sand\s", text):
        outcome = _trim(_OUTCOME_END.sub("", part))
        if 1 <= len(outcome.split()) <= 6 and re.search(r"[a-z]", outcome) and not _NOT_AN_OUTCOME.match(outcome):
            outcomes.append(outcome)
    return outcomes
