"""A source is named by a design only when its design was read with confidence."""

from qa.pipeline.attribution import facts
from search.models import Paper, StudyType
from search.reading.paper import read


def paper(sentences: list[str]) -> Paper:
    return Paper(title="Beta-blocker treatment in heart failure", abstract=" ".join(sentences), abstract_sentences=sentences,
                 year=2001, study_type=StudyType.OTHER)  # fmt: skip


def test_a_design_read_from_one_weak_cue_is_not_named():
    weak = paper(["Heart failure treatment has changed in recent decades.",
                  "Angiotensin-converting enzyme inhibitors and beta blockers now reduce mortality in heart failure."])  # fmt: skip
    reading = read(weak)
    assert reading.design_confidence < 0.6
    assert facts(weak, reading).lead().startswith("A 2001 study")


def test_a_design_the_abstract_states_is_named():
    trial = paper(["We randomly assigned 2,647 patients with heart failure to bisoprolol or placebo.",
                   "Bisoprolol reduced all-cause mortality (hazard ratio 0.66)."])  # fmt: skip
    assert facts(trial, read(trial)).lead().startswith("A 2001 randomized trial of 2,647 patients with heart failure")
