"""The `lcg` crispy-forms template pack (templates/lcg/): GOV.UK-style markup
for any form, with labels, hints and errors linked to their inputs."""

import re

from django import forms
from django.template import Context, Template

from checker.criteria import STEPS_BY_SLUG, criteria_for_step
from checker.forms import StepForm


class ExampleForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=40, help_text="As you like to be called.")
    comment = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    email = forms.EmailField(label="Email", required=False)
    colour = forms.ChoiceField(label="Colour", choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect)
    size = forms.ChoiceField(label="Size", choices=[("s", "Small"), ("l", "Large")], required=False)
    agree = forms.BooleanField(label="I agree", required=False)


def render(form):
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_every_kind_of_field_gets_a_label_and_its_widget_attributes():
    html = render(ExampleForm())
    assert '<label class="form-label" for="id_name">Your name</label>' in html
    assert re.search(r'<input class="input" type="text" name="name" id="id_name" maxlength="40" required '
                     r'aria-describedby="name-hint">', html)
    assert '<p class="hint" id="name-hint">As you like to be called.</p>' in html
    assert re.search(r'<textarea class="textarea" name="comment" id="id_comment" cols="40" rows="4">', html)
    assert 'type="email" name="email"' in html
    assert "<fieldset class=\"question\"><legend>Colour</legend>" in html
    assert 'type="radio" name="colour" id="id_colour_0" value="r"' in html
    assert '<select class="select" name="size" id="id_size">' in html and ">Large</option>" in html
    assert 'type="checkbox" name="agree" id="id_agree" value="on"' in html
    assert "error-summary" not in html


def test_errors_get_a_summary_with_links_and_are_tied_to_their_inputs():
    form = ExampleForm(data={"name": "", "email": "not an email"})
    assert not form.is_valid()
    html = render(form)
    summary = html[html.index('class="error-summary"') : html.index("</div>")]
    assert 'role="alert"' in summary and "autofocus" in summary
    assert '<a href="#id_name">This field is required.</a>' in summary
    assert '<a href="#id_colour_0">This field is required.</a>' in summary
    assert re.search(r'id="id_email"[^>]* aria-invalid="true" aria-describedby="email-error">', html)
    assert '<p class="error-message" id="email-error"><span class="visually-hidden">Error:</span> Enter a valid email' in html
    assert 'value="not an email"' in html  # the typed text is shown again


def test_the_checker_step_forms_use_the_pack_and_focus_the_first_question():
    step = STEPS_BY_SLUG["leg"]
    form = StepForm(step, criteria_for_step("leg"))
    html = Template("{% load crispy_forms_tags %}{% for f in form %}{{ f|as_crispy_field }}{% endfor %}").render(
        Context({"form": form})
    )
    assert html.count('type="checkbox"') == len(criteria_for_step("leg"))
    assert html.count("autofocus") == 1
    assert re.search(r'id="id_lasting_pain" value="yes" autofocus>', html)
