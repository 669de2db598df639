"""Which unit's version (cooperatives/versions.py) a write to a plan, one of
its parts, its progress or its evidence changes: the unit of the plan's
issuer. Connected from PlansConfig.ready(); the reports app connects its
own documents the same way."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from cooperatives.models import Organization
from cooperatives.versions import bump
from plans.models import PART_MODELS, Evidence, Plan, ProgressUpdate, Remark


def bump_plan_unit(plan_id: int) -> None:
    bump(Plan.objects.filter(pk=plan_id).values("issuer__unit"))


def _plan_changed(sender, instance, **kwargs):
    # By the issuer itself: on a delete the plan's row is gone already.
    bump(Organization.objects.filter(pk=instance.issuer_id).values("unit"))


def _part_changed(sender, instance, **kwargs):
    bump_plan_unit(instance.plan_id)


def _update_changed(sender, instance, **kwargs):
    bump(Plan.objects.filter(tasks=instance.task_id).values("issuer__unit"))


def _evidence_changed(sender, instance, **kwargs):
    bump(Plan.objects.filter(tasks__updates=instance.update_id).values("issuer__unit"))


def _cooperatives_named(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Plan):
        bump_plan_unit(instance.pk)
    elif action.startswith("post_"):  # from the cooperative's side: every plan touched
        bump(Plan.objects.filter(pk__in=kwargs.get("pk_set") or ()).values("issuer__unit"))


def connect() -> None:
    receivers = [(Plan, _plan_changed), (ProgressUpdate, _update_changed), (Evidence, _evidence_changed)]
    receivers += [(model, _part_changed) for model in [*PART_MODELS.values(), Remark]]
    for model, receiver in receivers:
        uid = f"versions-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-del")
    m2m_changed.connect(_cooperatives_named, sender=Plan.cooperatives.through, dispatch_uid="versions-plan-coops")
