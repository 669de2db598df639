"""Progress pages; included by plans/urls.py, so their names stay in the
"plans" namespace (plans:my-tasks, plans:task-detail...)."""

from django.urls import path

from plans.progress import views

urlpatterns = [
    path("my-tasks/", views.my_tasks, name="my-tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/progress/new", views.progress_create, name="progress-create"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence-file"),
    path("evidence/<int:pk>/original", views.evidence_original, name="evidence-original"),
]
