from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("argmap.home.urls")),
    path("", include("argmap.maps.urls")),
    path("", include("argmap.debates.urls")),
    path("", include("argmap.classroom.urls")),
    path("", include("argmap.live.urls")),
    path("accounts/", include("argmap.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("argmap.api.urls")),
]

# JSON under /api/, Django's pages elsewhere.
handler400 = "argmap.api.errors.bad_request"
handler404 = "argmap.api.errors.not_found"
handler500 = "argmap.api.errors.server_error"
