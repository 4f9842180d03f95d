from django.urls import URLPattern

app_name = "questionnaires"

urlpatterns: list[URLPattern] = []
