"""Writes for tasks. Every function checks permission, runs in a transaction and audits."""

from nghiquyet.tasks.services.briefings import briefing_create, conclusion_assign
from nghiquyet.tasks.services.recommendations import (
    recommendation_answer,
    recommendation_assign,
    recommendation_forward,
    recommendation_raise,
)
from nghiquyet.tasks.services.tasks import TaskInput, section_create, task_create, task_update
from nghiquyet.tasks.services.workflow import (
    comment_add,
    completion_confirm,
    completion_report,
    completion_return,
    extension_approve,
    extension_refuse,
    extension_request,
    progress_post,
    task_complete_by_document,
)

__all__ = [
    "TaskInput",
    "briefing_create",
    "comment_add",
    "completion_confirm",
    "completion_report",
    "completion_return",
    "conclusion_assign",
    "extension_approve",
    "extension_refuse",
    "extension_request",
    "progress_post",
    "recommendation_answer",
    "recommendation_assign",
    "recommendation_forward",
    "recommendation_raise",
    "section_create",
    "task_complete_by_document",
    "task_create",
    "task_update",
]
