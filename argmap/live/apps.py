from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "argmap.live"
    label = "live"
    verbose_name = "Live co-editing"
