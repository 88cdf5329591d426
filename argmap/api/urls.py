"""/api/…: every route of the REST API (names in the `api:` namespace).

Object routes carry the map first (/api/maps/<map_id>/nodes/<node_id>/), so that the map's
access rules are applied before anything inside it is looked up. tests/api/test_access.py walks
this file and fails when a route with an id has no allowed/denied test.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from argmap.api.views import analysis, auth, elements, library, maps

app_name = "api"

map_urls = [
    path("maps/", maps.MapListView.as_view(), name="map-list"),
    path("maps/import/", maps.MapImportView.as_view(), name="map-import"),
    path("maps/<int:map_id>/", maps.MapDetailView.as_view(), name="map-detail"),
    path("maps/<int:map_id>/fork/", maps.MapForkView.as_view(), name="map-fork"),
    path("maps/<int:map_id>/restore/", maps.MapRestoreView.as_view(), name="map-restore"),
    path("maps/<int:map_id>/export/", maps.MapExportFormatsView.as_view(), name="map-exports"),
    path(
        "maps/<int:map_id>/export/<slug:format>/",
        maps.MapExportView.as_view(),
        name="map-export",
    ),
    path("maps/<int:map_id>/nodes/", elements.NodeListView.as_view(), name="node-list"),
    path(
        "maps/<int:map_id>/nodes/<int:node_id>/",
        elements.NodeDetailView.as_view(),
        name="node-detail",
    ),
    path("maps/<int:map_id>/links/", elements.LinkListView.as_view(), name="link-list"),
    path(
        "maps/<int:map_id>/links/<int:link_id>/",
        elements.LinkDetailView.as_view(),
        name="link-detail",
    ),
    path("maps/<int:map_id>/undo/<uuid:batch>/", elements.UndoView.as_view(), name="undo"),
    path("maps/<int:map_id>/evaluation/", analysis.EvaluationView.as_view(), name="evaluation"),
    path("maps/<int:map_id>/checks/", analysis.ChecksView.as_view(), name="checks"),
    path("maps/<int:map_id>/debate/", analysis.DebateView.as_view(), name="debate"),
    path("maps/<int:map_id>/matrix/", analysis.MatrixView.as_view(), name="matrix"),
]

library_urls = [
    path("sources/", library.SourceListView.as_view(), name="source-list"),
    path("sources/<int:source_id>/", library.SourceDetailView.as_view(), name="source-detail"),
    path("scholars/", library.ScholarListView.as_view(), name="scholar-list"),
    path("scholars/<int:scholar_id>/", library.ScholarDetailView.as_view(), name="scholar-detail"),
    path(
        "characterisations/",
        library.CharacterisationListView.as_view(),
        name="characterisation-list",
    ),
    path(
        "characterisations/<int:characterisation_id>/",
        library.CharacterisationDetailView.as_view(),
        name="characterisation-detail",
    ),
]

# Courses, assignments and submissions (argmap/classroom/) join here as `classroom_urls`, in a
# module of their own (argmap/api/views/classroom.py), scoped by the classroom's rules exactly
# as maps are by argmap.maps.rules; the access meta-test then asks for their denied tests too.

urlpatterns = [
    path("", auth.ApiRootView.as_view(), name="root"),
    *map_urls,
    *library_urls,
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", auth.DocsView.as_view(), name="docs"),
]
