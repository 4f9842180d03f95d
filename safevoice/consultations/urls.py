from django.urls import path

from safevoice.consultations import views

app_name = "consultations"

urlpatterns = [
    path("support/", views.support, name="support"),
]
