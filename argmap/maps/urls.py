from django.urls import include, path

from argmap.maps import views, views_edit, views_interchange, views_maps

app_name = "maps"

# /maps/<map_id>/…
map_urls = [
    path("", views.map_detail, name="map-detail"),
    path("fork/", views_maps.map_fork, name="map-fork"),
    path("settings/", views_maps.map_settings, name="map-settings"),
    path("delete/", views_maps.map_delete, name="map-delete"),
    path("restore/", views_maps.map_restore, name="map-restore"),
    path("history/", views_maps.history, name="history"),
    path("history/<int:revision_id>/revert/", views_maps.node_revert, name="node-revert"),
    path("history/undo/<uuid:batch>/", views_maps.history_undo, name="history-undo"),
    path("undo/<uuid:batch>/", views_edit.undo, name="undo"),
    path("nodes/add/", views_edit.node_add, name="node-add"),
    path("nodes/<int:node_id>/", views.node_detail, name="node-detail"),
    path("nodes/<int:node_id>/edit/", views_edit.node_edit, name="node-edit"),
    path("nodes/<int:node_id>/delete/", views_edit.node_delete, name="node-delete"),
    path("nodes/<int:node_id>/links/add/", views_edit.link_add, name="link-add"),
    path("links/<int:link_id>/edit/", views_edit.link_edit, name="link-edit"),
    path("links/<int:link_id>/delete/", views_edit.link_delete, name="link-delete"),
    path("links/<int:link_id>/undercut/", views_edit.undercut_add, name="undercut-add"),
    path("export/", views_interchange.export_page, name="map-export"),
    path("export/<slug:format>/", views_interchange.export_download, name="map-export-download"),
]

urlpatterns = [
    path("maps/", views.map_list, name="map-list"),
    path("maps/new/", views_maps.map_new, name="map-new"),
    path("maps/import/", views_interchange.import_page, name="map-import"),
    path("maps/<int:map_id>/", include(map_urls)),
    path("scholars/", views.scholar_list, name="scholar-list"),
    path("scholars/<int:scholar_id>/", views.scholar_detail, name="scholar-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<int:source_id>/", views.source_detail, name="source-detail"),
]
