"""The TrueCite form's paper numbers: ASCII digits only, so look-alike digits get a message, not a 500."""

import pytest

from truecite.forms import CheckForm


def test_paper_numbers_are_read_with_hashes_and_semicolons():
    form = CheckForm({"text": "Metformin lowers cancer risk.", "papers": "#12; 345"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["papers"] == [12, 345]


@pytest.mark.parametrize("papers", ["²", "12, ³⁴", "①", "٣", "12x", "1234567890123"])
def test_anything_but_ascii_paper_numbers_is_a_form_error(papers):
    form = CheckForm({"text": "Metformin lowers cancer risk.", "papers": papers})
    assert not form.is_valid()
    assert "Give paper numbers" in str(form.errors["papers"])


def test_a_superscript_paper_number_posted_to_the_page_gets_a_400_with_the_message(client, db):
    response = client.post("/truecite/", {"text": "Metformin lowers cancer risk.", "papers": "²"})
    assert response.status_code == 400
    assert "Give paper numbers" in response.content.decode()
