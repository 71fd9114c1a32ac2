"""One form per step, built from checker/criteria.py.

Every field's `name` is its criterion ID, so a posted answer maps one to one
onto what the triage engine reads. A box is ticked with the value "yes"; any
other value is refused with a message rather than guessed at.
"""

from django import forms

from checker.criteria import CHOICE, YES_NO, criteria_for_step

TAMPERED = "We could not read this answer. Tick the box again, or leave it empty."


class YesCheckbox(forms.CheckboxInput):
    """Hands the posted value to the field as it came, so "maybe" is refused
    instead of being read as ticked (Django's CheckboxInput treats any
    non-empty value as true)."""

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
    "cramp_length": "Select how long each cramp lasts",
    "trigger": "Select when the cramps usually happen",
    "frequency": "Select how often you get them",
    "since": "Select how long you have had them",
}


class StepForm(forms.Form):
    step = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria_for_step(self.step.slug):
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

    @property
    def kind(self):
        return "choices" if any(f.criterion.kind == CHOICE for f in self.fields.values()) else "checkboxes"

    def answers(self):
        """The cleaned answers: True for a ticked box, the value of a choice."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (False, None, "")}


def form_for_step(step, *args, **kwargs):
    form_class = type(f"{step.slug.title().replace('-', '')}Form", (StepForm,), {"step": step})
    return form_class(*args, **kwargs)
