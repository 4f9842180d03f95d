from django.urls import path

from safevoice.questionnaires import views
from safevoice.responses import views as response_views

app_name = "questionnaires"

PREFIX = "consultations/<slug:slug>/questionnaire/"

urlpatterns = [
    path(PREFIX, views.start, name="start"),
    path(PREFIX + "check-your-answers/", views.check_answers, name="check_answers"),
    path(PREFIX + "sent/", views.confirmation, name="confirmation"),
    path(PREFIX + "saved/", response_views.saved, name="saved"),
    path(PREFIX + "resume/", response_views.resume, name="resume"),
    # Page ids are [a-z][a-z0-9_]*, so they never collide with the hyphenated names above.
    path(PREFIX + "<slug:page_id>/", views.question_page, name="page"),
]
