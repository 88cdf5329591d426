from django.urls import path

from argmap.debates.views import comparison, library

app_name = "debates"

urlpatterns = [
    # /maps/<map_id>/…: the debate pages of one map
    path("maps/<int:map_id>/debate/", comparison.debate_view, name="debate"),
    path("maps/<int:map_id>/matrix/", comparison.matrix_view, name="matrix"),
    path("maps/<int:map_id>/matrix.csv", comparison.matrix_csv, name="matrix-csv"),
    path(
        "maps/<int:map_id>/matrix/<int:evidence_id>/<int:thesis_id>/",
        comparison.matrix_cell_view,
        name="matrix-cell",
    ),
    path("maps/<int:map_id>/timeline/", comparison.timeline_view, name="timeline"),
    # the library every map shares
    path("scholars/", library.scholar_list, name="scholar-list"),
    path("scholars/<int:scholar_id>/", library.scholar_detail, name="scholar-detail"),
    path("sources/", library.source_list, name="source-list"),
    path("sources/<int:source_id>/", library.source_detail, name="source-detail"),
    path("glossary/", library.glossary, name="glossary"),
]
