from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "argmap.maps"
    label = "maps"
    verbose_name = "Argument maps"
