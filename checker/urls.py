from django.urls import path, register_converter

from checker import storage, views


class RunIdConverter:
    """A check's random id: 16 URL-safe characters. Anything else is not a
    checker address at all (404), before any view runs."""

    regex = storage.RUN_ID_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RunIdConverter, "run")

app_name = "checker"

# Only the run id (random, no meaning) and the step's name appear in a URL;
# answers travel in POST bodies and live in the run's cookie.
urlpatterns = [
    path("", views.start, name="start"),
    path("start/", views.begin, name="begin"),
    path("<run:run_id>/", views.run_home, name="run"),
    path("<run:run_id>/check-answers/", views.check_answers, name="check_answers"),
    path("<run:run_id>/result/", views.result, name="result"),
    path("<run:run_id>/start-again/", views.start_again, name="start_again"),
    path("<run:run_id>/<slug:step_slug>/", views.step, name="step"),
]
