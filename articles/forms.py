from django import forms

from articles.models import Feedback


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
