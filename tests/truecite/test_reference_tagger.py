"""The reference tagger learns from catalog papers rendered in CSL styles: every rendered token carries the
field it came from, a model fitted on them tags them, and the committed model reads a paper it never saw
in every reported style."""

import pytest

from search.records import PaperRecord
from truecite.compare import title_key
from truecite.refstyles import REPORTED_STYLES, csl_item, labelled, render
from truecite.reftagger import read_plain, reference_tokens
from truecite.reftagger_training import evaluate, fit, unsaved_paper

RIZVI = PaperRecord(
    title="Cancer immunology. Mutational landscape determines sensitivity to PD-1 blockade in non-small cell lung cancer",
    source="test", source_id="rizvi", authors=["Rizvi NA", "Hellmann MD", "Snyder A"], year=2015,
    venue="Science", doi="10.1126/science.aaa1348",
)
PAPERS = [
    RIZVI,
    PaperRecord(title="Attention is all you need", source="test", source_id="attention",
                authors=["Vaswani, Ashish", "Shazeer, Noam", "Parmar, Niki"], year=2017,
                venue="Advances in Neural Information Processing Systems"),
    PaperRecord(title="Polyvictimization and risk for suicidal behavior", source="test", source_id="adams",
                authors=["Adams, Z. W.", "Moreland, A."], year=2016, venue="Psychology of Violence",
                doi="10.1037/a0039713"),
    PaperRecord(title="Metformin use and the risk of cancer in patients with type 2 diabetes", source="test",
                source_id="metformin", authors=["Smith, Anna B", "Jones, Carl", "Lee, Dana"], year=2020,
                venue="New England Journal of Medicine"),
]


def fields_of(example) -> dict[str, str]:
    tokens = reference_tokens(example.text)
    words: dict[str, list[str]] = {}
    for token, tag in zip(tokens, example.tags):
        words.setdefault(tag, []).append(token.text)
    return {tag: " ".join(found) for tag, found in words.items()}


def test_each_rendered_token_is_labelled_with_the_field_it_came_from(db):
    example = labelled([csl_item(unsaved_paper(RIZVI))], REPORTED_STYLES["APA"])[0]
    assert example.text.startswith("Rizvi, N. A., Hellmann, M. D., & Snyder, A. (2015). Cancer immunology.")
    fields = fields_of(example)
    assert fields["A"] == "Rizvi , N . A . , Hellmann , M . D . , & Snyder , A"
    assert fields["Y"] == "2015"
    assert fields["T"].startswith("Cancer immunology . Mutational") and fields["T"].endswith("lung cancer")
    assert fields["V"] == "Science"
    assert "10" not in fields["O"]  # the DOI is read by pattern, not tagged


def test_a_model_fitted_on_rendered_references_tags_them(db, tmp_path):
    items = [csl_item(unsaved_paper(record)) for record in PAPERS]
    training = [example for style in REPORTED_STYLES.values() for example in labelled(items, style)]
    model = tmp_path / "tagger.crfsuite"
    fit(training, model)
    scores = evaluate(model, training)
    assert scores.token_accuracy > 0.97
    assert scores.field_exact["title"] > 0.9


@pytest.mark.parametrize("style", REPORTED_STYLES.values())
def test_the_committed_tagger_reads_a_paper_it_never_saw_in_each_style(db, style):
    text = render([{**csl_item(unsaved_paper(RIZVI)), "volume": "348", "issue": "6230", "page": "124-128"}], style)[0]
    fields = read_plain(text)
    assert title_key(fields.title) == title_key(RIZVI.title), text
    assert (fields.year, fields.venue) == (2015, "Science"), text
    assert fields.authors.startswith(("Rizvi", "N. A. Rizvi")), text


def test_the_styles_render_without_their_list_numbers(db):
    item = csl_item(unsaved_paper(RIZVI))
    for style in ("ieee", "nature", "american-medical-association"):
        assert render([item], style)[0].startswith(("Rizvi", "N. A. Rizvi"))
