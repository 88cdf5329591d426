from django.urls import path

from argmap.maps import views

app_name = "maps"

urlpatterns = [
    path("maps/", views.map_list, name="map-list"),
    # /maps/<map_id>/
    path("maps/<int:map_id>/", views.map_detail, name="map-detail"),
    path("maps/<int:map_id>/nodes/<int:node_id>/", views.node_detail, name="node-detail"),
    path("scholars/", views.scholar_list, name="scholar-list"),
    path("scholars/<int:scholar_id>/", views.scholar_detail, name="scholar-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<int:source_id>/", views.source_detail, name="source-detail"),
]
