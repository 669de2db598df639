"""A progress report shows on its plan's unit pages: a write to it bumps
that unit's version (cooperatives/versions.py), as plans/versions.py does
for the plan itself. A plan deadline shows on its unit's dashboards, an issued rating report
on its unit's rating summary."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from cooperatives.versions import bump
from plans.versions import bump_plan_unit
from reports.models import PlanDeadline, ProgressReport, RatingReport


def _report_changed(sender, instance, **kwargs):
    bump_plan_unit(instance.plan_id)


def _deadline_changed(sender, instance, **kwargs):
    bump([instance.unit_id])


def _rating_report_changed(sender, instance, **kwargs):
    bump([instance.unit_id])


def connect() -> None:
    post_save.connect(_rating_report_changed, sender=RatingReport, dispatch_uid="versions-ratingreport")
    post_delete.connect(_rating_report_changed, sender=RatingReport, dispatch_uid="versions-ratingreport-del")
    post_save.connect(_report_changed, sender=ProgressReport, dispatch_uid="versions-progressreport")
    post_delete.connect(_report_changed, sender=ProgressReport, dispatch_uid="versions-progressreport-del")
    post_save.connect(_deadline_changed, sender=PlanDeadline, dispatch_uid="versions-plandeadline")
    post_delete.connect(_deadline_changed, sender=PlanDeadline, dispatch_uid="versions-plandeadline-del")
