from django.urls import path

from checker import views

app_name = "checker"

# Only the run id (random, no meaning) and the step's name appear in a URL;
# answers travel in POST bodies and live in the run's cookie.
urlpatterns = [
    path("", views.start, name="start"),
    path("start/", views.begin, name="begin"),
    path("<str:run_id>/", views.run_home, name="run"),
    path("<str:run_id>/check-answers/", views.check_answers, name="check_answers"),
    path("<str:run_id>/result/", views.result, name="result"),
    path("<str:run_id>/start-again/", views.start_again, name="start_again"),
    path("<str:run_id>/<slug:step_slug>/", views.step, name="step"),
]
