from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "argmap.accounts"
    label = "accounts"
    verbose_name = "Accounts"
