from django.urls import path

from argmap.maps import views, views_interchange

app_name = "maps"

urlpatterns = [
    path("maps/", views.map_list, name="map-list"),
    path("maps/import/", views_interchange.import_page, name="map-import"),
    # /maps/<map_id>/
    path("maps/<int:map_id>/", views.map_detail, name="map-detail"),
    path("maps/<int:map_id>/nodes/<int:node_id>/", views.node_detail, name="node-detail"),
    path("maps/<int:map_id>/export/", views_interchange.export_page, name="map-export"),
    path(
        "maps/<int:map_id>/export/<slug:format>/",
        views_interchange.export_download,
        name="map-export-download",
    ),
    path("scholars/", views.scholar_list, name="scholar-list"),
    path("scholars/<int:scholar_id>/", views.scholar_detail, name="scholar-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<int:source_id>/", views.source_detail, name="source-detail"),
]
