from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "argmap.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Connects the per-address count of failed log-ins (user_login_failed).
        from argmap.accounts import lockout  # noqa: F401
