from django.urls import include, path

from argmap.maps.views import argdown, history, interchange, links, maps, reading, statements

app_name = "maps"

# /maps/<map_id>/…
map_urls = [
    path("", reading.map_detail, name="map-detail"),
    path("outline/<int:thesis_id>/", reading.outline_section, name="outline-section"),
    path("theses/", reading.outline_theses, name="outline-theses"),
    path("picture/", reading.picture, name="map-picture"),
    path("changes/", reading.map_changes, name="map-changes"),
    path("checks/", reading.map_checks, name="map-checks"),
    path("statements/search/", reading.statement_search, name="statement-search"),
    path("fork/", maps.map_fork, name="map-fork"),
    path("settings/", maps.map_settings, name="map-settings"),
    path("delete/", maps.map_delete, name="map-delete"),
    path("restore/", maps.map_restore, name="map-restore"),
    path("history/", history.history, name="history"),
    path("history/<int:revision_id>/revert/", history.node_revert, name="node-revert"),
    path("history/undo/<uuid:batch>/", history.history_undo, name="history-undo"),
    path("undo/<uuid:batch>/", statements.undo, name="undo"),
    path("nodes/add/", statements.node_add, name="node-add"),
    path("nodes/<int:node_id>/", reading.node_detail, name="node-detail"),
    path("nodes/<int:node_id>/edit/", statements.node_edit, name="node-edit"),
    path("nodes/<int:node_id>/delete/", statements.node_delete, name="node-delete"),
    path("nodes/<int:node_id>/links/add/", links.link_add, name="link-add"),
    path("links/<int:link_id>/edit/", links.link_edit, name="link-edit"),
    path("links/<int:link_id>/delete/", links.link_delete, name="link-delete"),
    path("links/<int:link_id>/undercut/", links.undercut_add, name="undercut-add"),
    path("argdown/", argdown.argdown_page, name="map-argdown"),
    path("argdown/preview/", argdown.argdown_preview, name="map-argdown-preview"),
    path("argdown/review/", argdown.argdown_review, name="map-argdown-review"),
    path("argdown/apply/", argdown.argdown_apply, name="map-argdown-apply"),
    path("export/", interchange.export_page, name="map-export"),
    path("export/<slug:format>/", interchange.export_download, name="map-export-download"),
]

urlpatterns = [
    path("maps/", reading.map_list, name="map-list"),
    path("maps/new/", maps.map_new, name="map-new"),
    path("maps/import/", interchange.import_page, name="map-import"),
    path("maps/<int:map_id>/", include(map_urls)),
]
