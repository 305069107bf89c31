from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "influencer_platform.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from influencer_platform.accounts import schema  # noqa: F401  registers the schema extension
