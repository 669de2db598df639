"""A first history row for every cooperative that has none (those made
before the registry kept history), so that the first edit's "Lịch sử thay
đổi" compares with the figures as they were, not with nothing."""

from django.db import migrations
from django.utils import timezone


def baseline(apps, schema_editor):
    Cooperative = apps.get_model("cooperatives", "Cooperative")
    Historical = apps.get_model("cooperatives", "HistoricalCooperative")
    names = [f.attname for f in Cooperative._meta.concrete_fields]
    with_history = set(Historical.objects.values_list("id", flat=True))
    now = timezone.now()
    Historical.objects.bulk_create(
        Historical(
            **{name: getattr(cooperative, name) for name in names},
            history_date=now,
            history_type="+",
            history_change_reason="Hồ sơ có từ trước khi theo dõi lịch sử",
        )
        for cooperative in Cooperative.objects.exclude(pk__in=with_history)
    )


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0011_registry_and_ocop")]

    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
