import json

from django.core.management.base import BaseCommand, CommandError

from plans.interchange.export import plan_to_dict
from plans.models import Plan
from plans.outline import prefetch_plan_text


class Command(BaseCommand):
    help = "In kế hoạch ra định dạng trao đổi JSON (htxplan.plan/1)."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)

    def handle(self, *args, plan_id: int, **options):
        plan = prefetch_plan_text(Plan.objects.select_related("issuer")).filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch số {plan_id}.")
        self.stdout.write(json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2))
