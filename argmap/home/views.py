"""The home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from argmap.classroom.selectors import home_agenda
from argmap.maps.models import Map
from argmap.maps.pages import map_cards
from argmap.maps.visibility import readable_public_maps


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "public_maps": map_cards(readable_public_maps(request.user), limit=6),
        "my_maps": map_cards(Map.objects.owned_by(request.user).working(), limit=10),
        "agenda": home_agenda(request.user),
    }
    return render(request, "home/home.html", context)
