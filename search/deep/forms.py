"""The Deep Search forms: a question, then its criteria as editable rows (one chip each)."""

from __future__ import annotations

from django import forms

from .criteria import KINDS, MAX_CRITERIA, CriteriaError, Criterion, from_chips

MAX_QUESTION_CHARS = 500


class QuestionForm(forms.Form):
    q = forms.CharField(label="Research question", max_length=MAX_QUESTION_CHARS, strip=True)


class CriteriaForm(forms.Form):
    """The question plus MAX_CRITERIA rows of (kind, text); blank rows are ignored, so a chip is removed by emptying it."""

    question = forms.CharField(max_length=MAX_QUESTION_CHARS, strip=True, widget=forms.HiddenInput)

    def __init__(self, *args, criteria: list[Criterion] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        criteria = criteria or []
        choices = list(KINDS.items())
        for i in range(MAX_CRITERIA):
            initial = criteria[i] if i < len(criteria) else None
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label="Kind", choices=choices, initial=initial.kind if initial else "outcome", required=False
            )
            self.fields[f"text_{i}"] = forms.CharField(
                label="Criterion", max_length=200, required=False, initial=initial.text if initial else ""
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"kind_{i}"], self[f"text_{i}"]) for i in range(MAX_CRITERIA)]

    def clean(self) -> dict:
        data = super().clean()
        chips = [(data.get(f"kind_{i}") or "", data.get(f"text_{i}") or "") for i in range(MAX_CRITERIA)]
        try:
            data["criteria"] = from_chips(chips)
        except CriteriaError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data
