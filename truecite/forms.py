from django import forms
from django.conf import settings

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
EXAMPLE = """Metformin use is associated with a lower risk of cancer [1].

References
1. Author A, Author B. Title of the paper. Journal. 2020."""


class CheckForm(forms.Form):
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": EXAMPLE, "spellcheck": "false"}),
        label="Paste a reference list, or a paragraph with citations followed by its references",
    )
    upload = forms.FileField(required=False, label="…or upload a file (.bib, .ris, .txt, .jsonl)")
    papers = forms.CharField(
        required=False,
        max_length=400,
        label="Check the text as one claim against these catalog papers (paper numbers, comma-separated)",
        widget=forms.TextInput(attrs={"placeholder": "e.g. 12, 345"}),
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"That file is {upload.size // 1024:,} KB; upload up to {MAX_UPLOAD_BYTES // 1024:,} KB.")
        return upload

    def clean_papers(self) -> list[int]:
        raw = self.cleaned_data.get("papers") or ""
        parts = [p.strip().lstrip("#") for p in raw.replace(";", ",").split(",") if p.strip()]
        # isdigit() also accepts "²", which int() rejects: only ASCII digits are paper numbers.
        if any(not (p.isascii() and p.isdecimal()) or len(p) > 12 for p in parts):
            raise forms.ValidationError("Give paper numbers (as in /papers/123/), separated by commas.")
        return [int(p) for p in parts][:20]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        text = cleaned.get("text") or ""
        if upload and not self.errors:
            text = upload.read().decode("utf-8", errors="replace")
        if not self.errors and not text.strip():
            raise forms.ValidationError("Paste some text or choose a file to check.")
        if len(text) > settings.TRUECITE_MAX_CHARS:
            raise forms.ValidationError(
                f"That is {len(text):,} characters; TrueCite checks up to {settings.TRUECITE_MAX_CHARS:,} at a time. "
                "Split it into parts."
            )
        cleaned["input_text"] = text.replace("\x00", "")
        return cleaned
