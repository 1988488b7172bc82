from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """The package's test app: one story page, nothing of the example site."""

    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"
