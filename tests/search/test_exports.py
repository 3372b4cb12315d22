"""Exports: BibTeX, RIS and CSL-JSON that reference managers read back, an APA reference, and the export URLs."""

from __future__ import annotations

import datetime as dt
import json

import bibtexparser
import pytest
import rispy
from allauth.account.models import EmailAddress

from billing.models import Plan
from search import exports
from search.models import Paper, StudyType


def journal_paper(**fields) -> Paper:
    values = dict(
        pk=7,
        title="Mechanisms of resistance to PD-1 blockade in melanoma: 50% & more.",
        authors=["Smith JA", "Lee K", "Rens van de Schoot", "Müller, Jörg"],
        year=2020,
        published=dt.date(2020, 5, 17),
        venue="Journal of Immunotherapy",
        doi="10.1000/jit_2020.17",
        pmid="32000001",
        pmcid="PMC7000001",
        abstract="Resistance emerges.\nIt is common.",
        keywords=["Melanoma", "PD-1"],
        study_type=StudyType.REVIEW,
        source="pubmed",
        source_id="32000001",
    )
    values.update(fields)
    return Paper(**values)


def preprint() -> Paper:
    return Paper(pk=8, title="Attention is all you need", authors=["Ashish Vaswani", "Noam Shazeer"], year=2017,
                 arxiv_id="1706.03762", source="arxiv", source_id="1706.03762")


def test_bibtex_key_is_surname_year_first_significant_title_word():
    assert exports.bibtex_key(journal_paper()) == "smith2020mechanisms"
    assert exports.bibtex_key(journal_paper(title="The role of T cells", authors=["Jörg Müller"])) == "muller2020role"


def test_bibtex_key_without_authors_or_year_is_still_a_valid_key():
    key = exports.bibtex_key(journal_paper(authors=[], year=None, title="¿Qué?"))
    assert key and key.isascii() and key.isalnum()


def test_bibtex_parses_back_with_every_field():
    library = bibtexparser.parse_string(exports.to_bibtex(journal_paper()))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "article"
    assert entry.key == "smith2020mechanisms"
    assert entry["journal"] == "Journal of Immunotherapy"
    assert entry["year"] == "2020"
    assert entry["doi"] == "10.1000/jit_2020.17"
    assert entry["pmid"] == "32000001"
    assert entry["author"].startswith("Smith, J. A. and Lee, K. and van de Schoot, Rens and M")


def test_bibtex_escapes_latex_special_characters_but_not_identifiers():
    text = exports.to_bibtex(journal_paper())
    assert r"50\% \& more" in text
    assert "doi = {10.1000/jit_2020.17}" in text


def test_a_preprint_is_a_misc_entry_with_its_arxiv_eprint():
    (entry,) = bibtexparser.parse_string(exports.to_bibtex(preprint())).entries
    assert entry.entry_type == "misc"
    assert entry["eprint"] == "1706.03762"
    assert entry["url"] == "https://arxiv.org/abs/1706.03762"


def test_ris_parses_back_with_authors_journal_and_identifiers():
    (record,) = rispy.loads(exports.to_ris(journal_paper()))
    assert record["type_of_reference"] == "JOUR"
    assert record["title"] == "Mechanisms of resistance to PD-1 blockade in melanoma: 50% & more"
    assert record["authors"][:2] == ["Smith, J. A.", "Lee, K."]
    assert record["journal_name"] == "Journal of Immunotherapy"
    assert record["doi"] == "10.1000/jit_2020.17"
    assert record["abstract"] == "Resistance emerges. It is common."


def test_ris_starts_with_its_type_tag():
    assert exports.to_ris(journal_paper()).startswith("TY  - JOUR")


def test_csl_json_item_has_structured_names_and_date():
    item = exports.to_csl_json(journal_paper())
    assert item["type"] == "article-journal"
    assert item["author"][0] == {"family": "Smith", "given": "J. A."}
    assert item["author"][2] == {"family": "van de Schoot", "given": "Rens"}
    assert item["author"][3] == {"family": "Müller", "given": "Jörg"}
    assert item["issued"] == {"date-parts": [[2020, 5, 17]]}
    assert item["container-title"] == "Journal of Immunotherapy"
    assert item["DOI"] == "10.1000/jit_2020.17"
    json.dumps(item)


def test_csl_json_of_a_preprint_is_an_article_with_its_arxiv_number():
    item = exports.to_csl_json(preprint())
    assert item["type"] == "article"
    assert item["number"] == "arXiv:1706.03762"
    assert "container-title" not in item


def test_apa_citation_of_a_journal_article():
    assert exports.apa_citation(journal_paper()) == (
        "Smith, J. A., Lee, K., van de Schoot, R., & Müller, J. (2020). "
        "Mechanisms of resistance to PD-1 blockade in melanoma: 50% & more. "
        "Journal of Immunotherapy. https://doi.org/10.1000/jit_2020.17"
    )


def test_apa_citation_of_a_preprint_without_doi():
    assert exports.apa_citation(preprint()) == (
        "Vaswani, A., & Shazeer, N. (2017). Attention is all you need. arXiv preprint arXiv:1706.03762. "
        "https://arxiv.org/abs/1706.03762"
    )


def test_apa_citation_without_authors_or_year_leads_with_the_title():
    paper = journal_paper(authors=[], year=None, doi=None, url="")
    assert exports.apa_citation(paper).startswith("Mechanisms of resistance to PD-1 blockade in melanoma: 50% & more. (n.d.).")


def test_apa_lists_nineteen_authors_then_an_ellipsis_and_the_last():
    paper = journal_paper(authors=[f"Author{i} A" for i in range(1, 26)])
    citation = exports.apa_citation(paper)
    assert "Author19, A., . . . Author25, A. (2020)" in citation
    assert "Author20" not in citation


@pytest.mark.django_db
@pytest.mark.parametrize(
    "suffix,content_type",
    [("bib", "application/x-bibtex"), ("ris", "application/x-research-info-systems"),
     ("json", "application/vnd.citationstyles.csl+json")],
)
def test_export_urls_download_the_file(client, reader, suffix, content_type):
    paper = journal_paper(pk=None)
    paper.save()
    client.force_login(reader)
    response = client.get(f"/papers/{paper.pk}/export.{suffix}")
    assert response.status_code == 200
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert f'filename="smith2020mechanisms.{suffix}"' in response["Content-Disposition"]
    body = response.content.decode()
    if suffix == "json":
        assert json.loads(body)[0]["title"].startswith("Mechanisms of resistance")
    else:
        assert "Mechanisms of resistance" in body


@pytest.mark.django_db
def test_unknown_export_format_and_missing_paper_are_not_found(client, reader):
    paper = journal_paper(pk=None)
    paper.save()
    client.force_login(reader)
    assert client.get(f"/papers/{paper.pk}/export.docx").status_code == 404
    assert client.get("/papers/999999/export.bib").status_code == 404


@pytest.mark.django_db
def test_a_visitor_is_asked_to_sign_up_to_export(client):
    paper = journal_paper(pk=None)
    paper.save()
    response = client.get(f"/papers/{paper.pk}/export.bib")
    page = response.content.decode()
    assert response.status_code == 402 and "Content-Disposition" not in response
    assert "Sign up or sign in to use exports. Included in the Free, Plus and Pro plans." in page
    assert f"/accounts/signup/?next=/papers/{paper.pk}/export.bib" in page


@pytest.mark.django_db
def test_a_plan_without_exports_is_refused_with_the_plans_that_have_them(client, reader):
    Plan.objects.filter(slug="free").update(exports=False)
    paper = journal_paper(pk=None)
    paper.save()
    client.force_login(reader)
    response = client.get(f"/papers/{paper.pk}/export.ris")
    assert response.status_code == 402 and "Content-Disposition" not in response
    assert "Your Free plan does not include exports. Included in the Plus and Pro plans." in response.content.decode()


@pytest.mark.django_db
def test_a_paid_plan_with_an_unverified_email_is_sent_to_verify_it(client, reader, on_plan):
    EmailAddress.objects.filter(user=reader).update(verified=False)
    paper = journal_paper(pk=None)
    paper.save()
    client.force_login(on_plan(reader, "plus"))
    response = client.get(f"/papers/{paper.pk}/export.bib")
    page = response.content.decode()
    assert response.status_code == 402 and "Content-Disposition" not in response
    assert "Your Plus plan includes exports once your e-mail address is verified." in page
    assert "Resend the verification e-mail" in page
