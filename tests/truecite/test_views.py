"""The TrueCite pages: paste or upload, a saved report, its JSON export and the user's history."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from billing.models import LedgerEntry
from truecite.models import Report

REFERENCES = (
    "1. Vaswani A, Shazeer N, Parmar N. Attention is all you need. NeurIPS. 2015.\n"
    "2. Nobody N. A paper that does not exist at all. Journal. 2019.\n"
)


@pytest.fixture
def member(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = get_user_model().objects.create_user(username="member", email="member@example.org", password="pw-Ab12cd34!")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_the_page_offers_paste_and_upload(client, db):
    page = client.get("/truecite/").content.decode()
    assert 'name="text"' in page and 'name="upload"' in page and "free checks left today" in page


def test_a_pasted_reference_list_becomes_a_shareable_report(client, catalog, check):
    response = check({"text": REFERENCES})
    assert response.status_code == 302
    report = Report.objects.get()
    assert response["Location"] == f"/truecite/r/{report.share_id}/"
    assert len(report.share_id) >= 20
    page = client.get(response["Location"]).content.decode()
    assert "0 of 2 references verified, 1 mismatched, 1 not found" in page
    assert "tc-differs" in page  # the wrong year is highlighted beside the catalog record
    assert "Corrected BibTeX" in page


def test_an_uploaded_bibtex_file_is_checked(client, catalog, check):
    bib = b"@inproceedings{v, title={Attention is all you need}, author={Vaswani, Ashish and Shazeer, Noam and Parmar, Niki}, year={2017}, booktitle={NeurIPS}}"
    response = check({"upload": SimpleUploadedFile("refs.bib", bib)})
    assert Report.objects.get().verified == 1
    assert response.status_code == 302


def test_the_json_export_holds_the_whole_report(client, catalog, member, check):
    client.force_login(member)
    check({"text": REFERENCES})
    report = Report.objects.get()
    assert "Export JSON" in client.get(report.get_absolute_url()).content.decode()
    data = json.loads(client.get(f"/truecite/r/{report.share_id}.json").content)
    assert [r["verdict"] for r in data["references"]] == ["mismatch", "not_found"]
    assert data["references"][0]["mismatched_fields"] == ["year"]
    assert data["counts"]["references"] == 2


def test_a_visitor_sees_the_shared_report_but_exporting_it_needs_an_account(client, catalog, check):
    check({"text": REFERENCES})
    report = Report.objects.get()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Export JSON" not in page and "Sign up or sign in to use exports." in page
    refused = client.get(f"/truecite/r/{report.share_id}.json")
    assert refused.status_code == 402 and "Content-Disposition" not in refused


def test_an_unknown_share_id_is_not_found(client, db):
    assert client.get("/truecite/r/not-a-real-id/").status_code == 404


def test_input_past_the_bound_gets_a_clear_message(client, db, settings):
    response = client.post("/truecite/", {"text": "x" * (settings.TRUECITE_MAX_CHARS + 1)})
    assert response.status_code == 400
    assert "TrueCite checks up to 50,000 at a time" in response.content.decode()
    assert not Report.objects.exists()


def test_more_than_the_reference_limit_fails_the_check_with_a_clear_message(client, db, settings, check):
    settings.TRUECITE_MAX_REFERENCES = 3
    text = "\n".join(f"{i}. Author A. Title number {i}. Journal. 2020." for i in range(1, 6))
    response = check({"text": text})
    assert Report.objects.get().status == Report.Status.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "That is 5 references; TrueCite checks up to 3 at a time." in page and "check it used was given back" in page


def test_empty_input_asks_for_text(client, db):
    assert "Paste some text" in client.post("/truecite/", {"text": "  "}).content.decode()


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script> [1]\n\nReferences\n1. <b>Evil</b> A. <img src=x onerror=alert(1)>. J. 2020.",
        "@article{x, title={{{{{{", "TY  - JOUR\nTI  - \nER  -", '{"fields": 5}', "\x00\x01\x02 [1-999999999]",
        "(Smith et al., 2020) " * 200, "🙂 ünïcødé [1]\n\nReferences\n1. 李 王. 标题. 期刊. 2020.", "[" * 5000,
        "\n" * 40000, "[1-3] " * 8000, "@a{" * 400,
    ],
)
def test_hostile_input_never_breaks_the_pages(client, catalog, member, text, check):
    client.force_login(member)
    response = check({"text": text})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        page = client.get(response["Location"]).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert client.get(response["Location"].rstrip("/") + ".json").status_code == 200


def test_anonymous_visitors_get_a_small_daily_allowance(client, catalog, settings, check):
    settings.TRUECITE_ANONYMOUS_DAILY_CHECKS = 2
    for _ in range(2):
        assert check({"text": REFERENCES}).status_code == 302
    refused = check({"text": REFERENCES})
    assert "2 free checks. Sign up" in refused.content.decode()
    assert Report.objects.count() == 2
    assert check({"text": REFERENCES}, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_a_failed_check_gives_the_anonymous_allowance_back(client, db, settings, check):
    settings.TRUECITE_ANONYMOUS_DAILY_CHECKS = 1
    settings.TRUECITE_MAX_REFERENCES = 1
    check({"text": "1. A A. One. J. 2020.\n2. B B. Two. J. 2020."})
    settings.TRUECITE_MAX_REFERENCES = 500
    assert check({"text": REFERENCES}).status_code == 302


def test_signed_in_checks_are_charged_and_kept_in_history(client, catalog, member, check):
    client.force_login(member)
    check({"text": REFERENCES})
    assert LedgerEntry.objects.filter(user=member, action="truecite_check").count() == 1
    report = Report.objects.get()
    assert report.user == member
    history = client.get("/truecite/history/").content.decode()
    assert report.get_absolute_url() in history


def test_history_shows_only_the_users_own_reports(client, catalog, member):
    client.post("/truecite/", {"text": REFERENCES})  # anonymous
    client.force_login(member)
    assert Report.objects.get().get_absolute_url() not in client.get("/truecite/history/").content.decode()


def test_history_needs_an_account(client, db):
    assert client.get("/truecite/history/").status_code == 302
