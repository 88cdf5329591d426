from django.urls import path

from argmap.debates import views

app_name = "debates"

# /maps/<map_id>/…: the debate pages of one map
urlpatterns = [
    path("maps/<int:map_id>/debate/", views.debate_view, name="debate"),
    path("maps/<int:map_id>/matrix/", views.matrix_view, name="matrix"),
    path("maps/<int:map_id>/matrix.csv", views.matrix_csv, name="matrix-csv"),
    path(
        "maps/<int:map_id>/matrix/<int:evidence_id>/<int:thesis_id>/",
        views.matrix_cell_view,
        name="matrix-cell",
    ),
    path("maps/<int:map_id>/timeline/", views.timeline_view, name="timeline"),
]
