from django.urls import path

from argmap.live import views

app_name = "live"

# /maps/<map_id>/live/…: the live path, served by ASGI workers in production (deploy/Caddyfile).
urlpatterns = [
    path("maps/<int:map_id>/live/", views.stream, name="stream"),
    path("maps/<int:map_id>/live/presence/", views.presence, name="presence"),
]
