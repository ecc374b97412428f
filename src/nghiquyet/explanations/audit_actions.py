"""The audit action codes written by the explanation services, with the labels users read."""

from nghiquyet.audit.actions import AuditAction


class ExplanationsAudit(AuditAction):
    EXPLANATION_ASK = "explanations.request.ask", "Yêu cầu giải trình chỉ tiêu"
    EXPLANATION_ANSWER = "explanations.request.answer", "Giải trình chỉ tiêu"
