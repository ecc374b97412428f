"""The audit action codes written by the task services, with the labels users read."""

from nghiquyet.audit.actions import AuditAction


class TasksAudit(AuditAction):
    SECTION_CREATE = "tasks.section.create", "Tạo nhóm nhiệm vụ"
    TASK_CREATE = "tasks.task.create", "Giao nhiệm vụ"
    TASK_UPDATE = "tasks.task.update", "Sửa nhiệm vụ"
    PROGRESS_POST = "tasks.progress.post", "Cập nhật tiến độ nhiệm vụ"
    COMPLETION_REPORT = "tasks.completion.report", "Báo cáo hoàn thành nhiệm vụ"
    COMPLETION_CONFIRM = "tasks.completion.confirm", "Xác nhận hoàn thành nhiệm vụ"
    COMPLETION_RETURN = "tasks.completion.return", "Trả lại báo cáo hoàn thành"
    COMPLETION_BY_DOCUMENT = "tasks.completion.by_document", "Hoàn thành nhiệm vụ bằng văn bản"
    EXTENSION_REQUEST = "tasks.extension.request", "Đề nghị gia hạn nhiệm vụ"
    EXTENSION_APPROVE = "tasks.extension.approve", "Chấp thuận gia hạn nhiệm vụ"
    EXTENSION_REFUSE = "tasks.extension.refuse", "Không chấp thuận gia hạn nhiệm vụ"
    COMMENT_ADD = "tasks.comment.add", "Góp ý về nhiệm vụ"
    BRIEFING_CREATE = "tasks.briefing.create", "Ghi nhận cuộc giao ban"
    CONCLUSION_ASSIGN = "tasks.conclusion.assign", "Giao kết luận giao ban thành nhiệm vụ"
    RECOMMENDATION_RAISE = "tasks.recommendation.raise", "Gửi kiến nghị"
    RECOMMENDATION_ANSWER = "tasks.recommendation.answer", "Trả lời kiến nghị"
    RECOMMENDATION_FORWARD = "tasks.recommendation.forward", "Chuyển kiến nghị lên cấp trên"
    RECOMMENDATION_ASSIGN = "tasks.recommendation.assign", "Giao kiến nghị thành nhiệm vụ"
    COMPLETION_AUTO = "tasks.completion.auto", "Tự động hoàn thành nhiệm vụ khi đăng ký văn bản"
