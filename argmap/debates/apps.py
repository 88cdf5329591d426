from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "argmap.debates"
    label = "debates"
    verbose_name = "Debates: theses compared"
