"""The database cache's table (settings.CACHES), made by `migrate` so that no deployment step
can be forgotten: the API's throttles count requests in it. `createcachetable` skips tables that
exist and caches that are not in the database, so this is safe to run anywhere."""

from django.apps.registry import Apps
from django.core.management import call_command
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def create_cache_tables(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
