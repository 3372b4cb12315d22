"""truecite_refs and truecite_claims follow the command-line contracts of DESIGN.md §5."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def read_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_truecite_refs_writes_one_verdict_per_reference(catalog, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@inproceedings{good, title={Attention is all you need}, author={Vaswani, Ashish and Shazeer, Noam and Parmar, Niki},"
        " year={2017}, booktitle={NeurIPS}}\n"
        "@inproceedings{late, title={Attention is all you need}, author={Vaswani, Ashish and Shazeer, Noam and Parmar, Niki},"
        " year={2019}, booktitle={NeurIPS}}\n"
        "@article{made_up, title={A study that was never written}, author={Nobody, Nemo}, year={2020}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "verdicts.jsonl"
    call_command("truecite_refs", "--input", str(bib), "--out", str(out))
    rows = read_lines(out)
    assert [(r["key"], r["verdict"]) for r in rows] == [("good", "verified"), ("late", "mismatch"), ("made_up", "not_found")]
    assert rows[0]["matched_source_id"] == "attention"
    assert rows[1]["mismatched_fields"] == ["year"]
    assert all(0 <= r["confidence"] <= 1 for r in rows)


def test_truecite_refs_reports_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("truecite_refs", "--input", str(tmp_path / "absent.bib"), "--out", str(tmp_path / "out.jsonl"))


@pytest.mark.slow
def test_truecite_claims_writes_verdicts_with_evidence_indices(catalog, tmp_path):
    claims = tmp_path / "claims.jsonl"
    claims.write_text(
        json.dumps({"id": 7, "claim": "Metformin use is linked to lower cancer risk.", "source_ids": ["metformin", "absent"]})
        + "\nnot json\n",
        encoding="utf-8",
    )
    out = tmp_path / "verdicts.jsonl"
    call_command("truecite_claims", "--input", str(claims), "--out", str(out))
    (row,) = read_lines(out)
    assert row["id"] == 7 and row["source_id"] == "metformin"
    assert row["verdict"] in {"support", "contradict", "nei"}
    assert row["evidence"][0] == 1
