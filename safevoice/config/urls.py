from django.urls import include, path

urlpatterns = [
    path("staff/", include("safevoice.backoffice.urls")),
    path("", include("safevoice.core.urls")),
    path("", include("safevoice.consultations.urls")),
    path("", include("safevoice.journey.urls")),
]

handler400 = "safevoice.core.views.bad_request"
handler403 = "safevoice.core.views.permission_denied"
handler404 = "safevoice.core.views.page_not_found"
handler500 = "safevoice.core.views.server_error"
