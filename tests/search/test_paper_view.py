"""/papers/<id>/: metadata, abstract, links out, citation with exports, and related papers."""

from __future__ import annotations

import datetime as dt

import pytest

from search.indexing import index_pending
from search.models import StudyType

TOPICS = [
    ("Vitamin D supplementation and fracture risk", "Vitamin D lowered fracture risk in older women."),
    ("Vitamin D and falls in nursing homes", "Supplements of vitamin D reduced falls among residents."),
    ("Calcium intake and bone density", "Calcium intake was associated with bone mineral density."),
    ("Bone health in postmenopausal women", "Osteoporosis is common after menopause."),
    ("Exercise and hip fractures", "Balance training prevented hip fractures."),
    ("Osteoporosis drugs compared", "Bisphosphonates reduced vertebral fractures."),
    ("Deep learning for galaxy images", "Convolutional networks classify galaxies."),
]


@pytest.fixture
def paper(index_dir, make_paper):
    main = make_paper(
        "Vitamin D & calcium for <b>fracture</b> prevention",
        "BACKGROUND: Fractures are common. They cost a lot. METHODS: We pooled 12 trials. "
        "RESULTS: Vitamin D reduced hip fractures.",
        abstract_sentences=["BACKGROUND: Fractures are common.", "They cost a lot.", "METHODS: We pooled 12 trials.",
                            "RESULTS: Vitamin D reduced hip fractures."],
        authors=["Smith JA", "Lee K"],
        year=2021,
        published=dt.date(2021, 3, 4),
        venue="Bone Journal",
        doi="10.1000/bone.2021.1",
        pmid="33000001",
        pmcid="PMC8000001",
        keywords=["Vitamin D", "Fractures"],
        study_type=StudyType.SYSTEMATIC_REVIEW,
    )
    for title, abstract in TOPICS:
        make_paper(title, abstract, year=2020)
    index_pending()
    return main


def test_paper_page_shows_all_metadata(client, paper):
    html = client.get(f"/papers/{paper.pk}/").content.decode()
    assert "Vitamin D &amp; calcium for &lt;b&gt;fracture&lt;/b&gt; prevention" in html
    assert "Smith JA, Lee K" in html
    assert "Bone Journal" in html and "4 March 2021" in html
    assert "Meta-analysis / systematic review" in html
    assert "33000001" in html and "PMC8000001" in html
    assert "<li>Vitamin D</li>" in html


def test_structured_abstract_is_shown_as_labelled_paragraphs(client, paper):
    html = client.get(f"/papers/{paper.pk}/").content.decode()
    assert '<strong class="abstract-label">Background.</strong> Fractures are common. They cost a lot.</p>' in html
    assert '<strong class="abstract-label">Methods.</strong> We pooled 12 trials.</p>' in html


def test_links_out_to_doi_pubmed_and_pmc(client, paper):
    html = client.get(f"/papers/{paper.pk}/").content.decode()
    assert 'href="https://doi.org/10.1000/bone.2021.1"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/33000001/"' in html
    assert 'href="https://pmc.ncbi.nlm.nih.gov/articles/PMC8000001/"' in html


def test_arxiv_paper_links_to_arxiv(client, index_dir, make_paper):
    preprint = make_paper("Attention is all you need", "Transformers.", arxiv_id="1706.03762")
    html = client.get(f"/papers/{preprint.pk}/").content.decode()
    assert 'href="https://arxiv.org/abs/1706.03762"' in html


def test_cite_as_apa_with_three_export_links(client, paper, reader):
    client.force_login(reader)
    html = client.get(f"/papers/{paper.pk}/").content.decode()
    assert "Smith, J. A., &amp; Lee, K. (2021). Vitamin D &amp; calcium for &lt;b&gt;fracture&lt;/b&gt; prevention." in html
    for suffix in ("bib", "ris", "json"):
        assert f'href="/papers/{paper.pk}/export.{suffix}"' in html


def test_a_visitor_sees_the_citation_and_why_exports_need_an_account(client, paper):
    html = client.get(f"/papers/{paper.pk}/").content.decode()
    assert "Smith, J. A., &amp; Lee, K. (2021)." in html
    assert f"/papers/{paper.pk}/export." not in html
    assert "Sign up or sign in to use exports. Included in the Free, Plus and Pro plans." in html


def test_five_related_papers_by_similarity(client, paper):
    response = client.get(f"/papers/{paper.pk}/")
    related = response.context["related"]
    assert len(related) == 5
    assert paper.pk not in {other.pk for other in related}
    assert "Deep learning for galaxy images" not in {other.title for other in related}
    assert related[0].title.startswith("Vitamin D")


def test_a_paper_not_yet_indexed_says_related_papers_come_later(client, index_dir, make_paper):
    lonely = make_paper("A paper waiting for the indexer", "Nothing yet.")
    html = client.get(f"/papers/{lonely.pk}/").content.decode()
    assert "Related papers appear once this paper has been indexed." in html


def test_a_paper_without_abstract_says_so(client, index_dir, make_paper):
    bare = make_paper("Title only")
    assert "No abstract is available" in client.get(f"/papers/{bare.pk}/").content.decode()


def test_missing_paper_is_not_found(client, db):
    assert client.get("/papers/424242/").status_code == 404


def test_key_findings_give_the_design_the_size_and_the_results_with_their_numbers(client, index_dir, make_paper):
    trial = make_paper(
        "Nivolumab plus ipilimumab in advanced melanoma",
        "",
        abstract_sentences=[
            "BACKGROUND: Combined checkpoint blockade may improve survival.",
            "METHODS: We randomly assigned 945 patients with advanced melanoma to nivolumab plus ipilimumab or ipilimumab alone.",
            "RESULTS: Overall survival was longer with the combination (hazard ratio for death, 0.55; 95% CI, 0.45 to 0.66; P<0.001).",
        ],
        year=2017,
        study_type=StudyType.RANDOMIZED_TRIAL,
    )
    html = client.get(f"/papers/{trial.pk}/").content.decode()
    findings = html.split('id="findings-heading"')[1].split("</section>")[0]
    assert "Randomized trial · 945 patients" in findings
    assert "patients with advanced melanoma" in findings
    assert "Overall survival was longer with the combination" in findings and "0.55" in findings
    assert "Combined checkpoint blockade may improve survival" not in findings, "background is not a finding"
