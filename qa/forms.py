from django import forms

from .pipeline.plan import normalize_question


class AskForm(forms.Form):
    text = forms.CharField(
        label="Your research question",
        min_length=10,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "e.g. Does metformin reduce cancer risk?", "autocomplete": "off"}),
    )
    public = forms.BooleanField(
        label="Publish the answer on /answers/ for everyone (otherwise only you can see it)", required=False
    )

    def clean_text(self) -> str:
        text = normalize_question(self.cleaned_data["text"])
        if sum(c.isalpha() for c in text) < 8:
            raise forms.ValidationError("Ask a question in words, for example “Does exercise improve sleep?”.")
        return text
