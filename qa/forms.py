from django import forms

from .pipeline.plan import normalize_question

PUBLISH = "Publish the answer on /answers/ for everyone"


class AskForm(forms.Form):
    text = forms.CharField(
        label="Your research question",
        min_length=10,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "e.g. Does metformin reduce cancer risk?", "autocomplete": "off"}),
    )
    public = forms.BooleanField(label=f"{PUBLISH} (otherwise only you can see it)", required=False)

    def __init__(self, *args, private_refused: str = "", **kwargs) -> None:
        """`private_refused` says why the asker's plan has no private answers; then the answer must be public."""
        super().__init__(*args, **kwargs)
        if private_refused:
            public = self.fields["public"]
            public.label, public.help_text, public.initial = PUBLISH, private_refused, True
            public.required = True
            public.error_messages["required"] = "Tick the box to publish the answer, or move to a plan with private answers."

    def clean_text(self) -> str:
        text = normalize_question(self.cleaned_data["text"])
        if sum(c.isalpha() for c in text) < 8:
            raise forms.ValidationError("Ask a question in words, for example “Does exercise improve sleep?”.")
        return text
