from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "argmap.api"
    label = "api"
    verbose_name = "REST API"
