from django.urls import path

from safevoice.journey import save_and_return_views, views

app_name = "journey"

PREFIX = "consultations/<slug:slug>/questionnaire/"

urlpatterns = [
    path(PREFIX, views.start, name="start"),
    path(PREFIX + "check-your-answers/", views.check_answers, name="check_answers"),
    path(PREFIX + "sent/", views.confirmation, name="confirmation"),
    path(PREFIX + "saved/", save_and_return_views.saved, name="saved"),
    path(PREFIX + "resume/", save_and_return_views.resume, name="resume"),
    path(PREFIX + "delete-my-answers/", save_and_return_views.delete_answers, name="delete_answers"),
    path(PREFIX + "answers-deleted/", save_and_return_views.answers_deleted, name="answers_deleted"),
    # Page ids are [a-z][a-z0-9_]*, so they never collide with the hyphenated names above.
    path(PREFIX + "<slug:page_id>/", views.question_page, name="page"),
]
