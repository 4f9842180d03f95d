from django.urls import path

from safevoice.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("consultations/<slug:slug>/", views.consultation_page, name="detail"),
    path(
        "consultations/<slug:slug>/events/<int:event_id>.ics",
        views.event_calendar_file,
        name="event_calendar",
    ),
    path("support/", views.support, name="support"),
]
