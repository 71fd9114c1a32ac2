"""The forms of the site: readers' feedback, and the editors' article form."""

from django import forms

from articles import workflow
from articles.models import Article, Feedback
from articles.rendering import markdown_help


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label="Was this page helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose Yes or No.", "invalid_choice": "Choose Yes or No."},
    )
    comment = forms.CharField(
        label="How could we improve this page? (optional)",
        help_text=(
            f"Up to {Feedback.COMMENT_MAX_LENGTH} characters. Do not include your name, contact details or "
            "anything about your health: we cannot reply."
        ),
        required=False,
        max_length=Feedback.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": Feedback.COMMENT_MAX_LENGTH}),
        error_messages={"max_length": f"Keep your comment to {Feedback.COMMENT_MAX_LENGTH} characters or fewer."},
    )
    # The approved version the reader saw, carried from the article page.
    # Never refused: anything but a plausible number is kept as "unknown"
    # (articles/feedback.py checks it belongs to the article).
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_version(self):
        return version_number(self.cleaned_data["version"])


def version_number(value):
    """A version number from a form or query string, or None."""
    value = (value or "").strip()
    # Nine digits at most: a longer number is no version and would overflow the database's integer.
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 and int(value) > 0 else None


class MarkdownField(forms.CharField):
    """Markdown as typed, with the browser's CRLF line ends made LF.

    Without this, posting an unchanged body back (browsers send CRLF, and
    the default field strips the final newline) would look like an edit.
    """

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "strip": False})

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class ArticleForm(forms.ModelForm):
    """The working copy as editors change it.

    A save is refused, with the typed text shown again, when the article
    changed since the form was opened or is with a reviewer now."""

    # The version of the text this form started from; see clean().
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title", "slug", "category", "audience", "summary", "also_called", "body", "related",
            "review_interval_months",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 30, "class": "markdown-body-input"}),
            # Checkboxes, not the admin's two-box filter widget: with a few
            # dozen articles they are quicker to use, and that widget's icons
            # fail axe (aria-label on a span with no role).
            "related": forms.CheckboxSelectMultiple(attrs={"class": "related-choices"}),
        }
        field_classes = {"body": MarkdownField}
        help_texts = {"body": markdown_help()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("edit_version", self.instance.edit_version)
        if "related" in self.fields and self.instance.pk:
            # An article is never "related" to itself.
            self.fields["related"].queryset = self.fields["related"].queryset.exclude(pk=self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        # Only compared, never saved: the admin lists it in the fieldsets, so
        # without this the posted value (empty on the add form) would be
        # written to the model. The workflow's record_edit bumps the real one.
        started_from = cleaned.pop("edit_version", None)
        if self.instance.pk:
            current = Article.objects.select_for_update().filter(pk=self.instance.pk).first()
            if current is None:
                return cleaned
            refusal = workflow.edit_refusal(current, started_from)
            if refusal:
                if workflow.is_editable(current):
                    # Shown again at the stored version, so that saving again
                    # (after reading the message) replaces the colleague's
                    # text, which stays in the history, instead of being
                    # refused for ever.
                    self.data = self.data.copy()
                    self.data[self.add_prefix("edit_version")] = str(current.edit_version)
                raise forms.ValidationError(refusal, code="edit_refused")
        return cleaned
