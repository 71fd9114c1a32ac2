"""One form per step, built from checker/criteria.py and the questions
checker/flow.py says this reader is asked.

Every field's `name` is its criterion ID, so a posted answer maps one to one
onto what the triage engine reads. A box is ticked with the value "yes"; any
other value is refused with a message rather than guessed at.
"""

from django import forms

from checker.criteria import CHOICE, YES_NO

TAMPERED = "We could not read this answer. Tick the box again, or leave it empty."


class YesCheckbox(forms.CheckboxInput):
    """Hands the posted value to the field as it came, so "maybe" is refused
    instead of being read as ticked (Django's CheckboxInput treats any
    non-empty value as true). A ticked box posts "yes"."""

    checked_value = "yes"

    def __init__(self):
        super().__init__(check_test=lambda value: value is True)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class YesField(forms.Field):
    widget = YesCheckbox

    def to_python(self, value):
        if value in (None, ""):
            return False
        if value == "yes":
            return True
        raise forms.ValidationError(TAMPERED, code="invalid")


REQUIRED = {
    "legs_affected": "Select which legs are affected",
    "cramp_length": "Select how long each cramp lasts, or that you do not get cramps",
    "since": "Select how long you have had the cramps or pain",
    "frequency": "Select how often you get cramps",
}


class StepForm(forms.Form):
    def __init__(self, step, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for criterion in questions:
            if criterion.kind == YES_NO:
                field = YesField(label=criterion.label, required=False, help_text=criterion.hint)
            elif criterion.kind == CHOICE:
                field = forms.ChoiceField(
                    label=criterion.label,
                    help_text=criterion.hint,
                    choices=[(choice.value, choice.label) for choice in criterion.choices],
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": REQUIRED[criterion.id],
                        "invalid_choice": f"{REQUIRED[criterion.id]}: that answer is not one of the choices",
                    },
                )
            field.criterion = criterion
            self.fields[criterion.id] = field
        # Focus lands on the page's first question (the lcg template pack reads this).
        if self.fields:
            next(iter(self.fields.values())).autofocus = True

    @property
    def choice_fields(self):
        return [self[name] for name, field in self.fields.items() if field.criterion.kind == CHOICE]

    @property
    def checkbox_fields(self):
        return [self[name] for name, field in self.fields.items() if field.criterion.kind == YES_NO]

    def answers(self):
        """The cleaned answers: True for a ticked box, the value of a choice."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (False, None, "")}
