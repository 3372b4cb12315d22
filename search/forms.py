"""The search page's query-string filters, validated by a Django form: a bad value is dropped with a note."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from search.models import StudyType
from search.page import SORTS, YEAR_MAX, YEAR_MIN, Filters

MAX_FILTER_CHARS = 500
MAX_FILTER_VALUES = 20


def _clean_text(value: str) -> str:
    return " ".join(value.replace("\x00", " ").split())[:MAX_FILTER_CHARS]


class TextListField(forms.Field):
    """Repeated free-text parameters (?venue=A&venue=B): trimmed, de-duplicated, bounded in length and number."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: list[str] | None) -> list[str]:
        return list(dict.fromkeys(v for v in map(_clean_text, (value or [])[:MAX_FILTER_VALUES]) if v))


def _year_field(label: str) -> forms.IntegerField:
    message = f"Ignored the {label} year: enter a year from {YEAR_MIN} to {YEAR_MAX}, such as 2021."
    return forms.IntegerField(
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


class SearchFiltersForm(forms.Form):
    year_from = _year_field("from")
    year_to = _year_field("to")
    type = forms.MultipleChoiceField(
        required=False,
        choices=StudyType.choices,
        error_messages={"invalid_choice": "Ignored the unknown study type “%(value)s”."},
    )
    venue = TextListField(required=False)
    has_abstract = forms.BooleanField(required=False)
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()))

    def clean_type(self) -> list[str]:
        return list(dict.fromkeys(self.cleaned_data["type"]))

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.has_error("type"):
            # One unknown study type should not drop the known ones asked for with it.
            raw = self.data.getlist("type")[:MAX_FILTER_VALUES]
            cleaned["type"] = list(dict.fromkeys(v for v in raw if v in StudyType.values))
        return cleaned


def parse_filters(params: QueryDict) -> Filters:
    """The filters in a GET query; an invalid value is dropped and a note says so (a bad sort silently)."""
    form = SearchFiltersForm(params)
    form.is_valid()
    data = form.cleaned_data
    notes = [str(message) for name, errors in form.errors.items() if name != "sort" for message in errors]
    year_from, year_to = data.get("year_from"), data.get("year_to")
    if year_from and year_to and year_from > year_to:
        year_from, year_to = year_to, year_from
        notes.append(f"Swapped the years so the range reads {year_from}–{year_to}.")
    return Filters(
        year_from=year_from,
        year_to=year_to,
        venues=data.get("venue", []),
        study_types=data.get("type", []),
        has_abstract=bool(data.get("has_abstract")),
        sort=data.get("sort") or "relevance",
        notes=notes,
    )
