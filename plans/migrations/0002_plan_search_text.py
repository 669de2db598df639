import unicodedata

from django.db import migrations, models


def _fold(text: str) -> str:
    # A frozen copy of plans.search.fold: a migration must not change when the app code does.
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").replace("Đ", "D").lower().split())


def fill_search_text(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.select_related("issuer").prefetch_related("cooperatives__organization", "tasks"):
        number = f"{plan.number:02d}/{plan.symbol}" if plan.number is not None else ""
        parts = [plan.title, plan.issuer_name, plan.governing_body, plan.place, number, str(plan.year)]
        parts.append(plan.issuer.short_name)
        parts += [c.organization.short_name for c in plan.cooperatives.all()]
        parts += [t.title for t in plan.tasks.all()]
        Plan.objects.filter(pk=plan.pk).update(search_text=_fold(" ".join(p for p in parts if p)))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="search_text",
            field=models.TextField(blank=True, editable=False, verbose_name="nội dung tìm kiếm"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
