from django.contrib import admin
from django.urls import include, path

from argmap.maps import views as map_views

urlpatterns = [
    path("", map_views.home, name="home"),
    path("", include("argmap.maps.urls")),
    path("", include("argmap.debates.urls")),
    path("", include("argmap.classroom.urls")),
    path("accounts/", include("argmap.accounts.urls")),
    path("admin/", admin.site.urls),
]
