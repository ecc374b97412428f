"""Permission matrix of the briefing, recommendation and calendar pages and endpoints."""

import datetime as dt
import io

from nghiquyet.tasks.models import Briefing, Conclusion, Recommendation, RecommendationMessage
from nghiquyet.tasks.services import briefing_create, recommendation_raise
from nghiquyet.testing import Api, Page, PermissionMatrix

READ_ALL = {"anonymous": 302, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
# The province's briefing, attended by P-CL: chibo (X-MH) is outside it.
READ_BRIEFING = {"anonymous": 302, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
# Raised by P-CL-CB1, addressed to P-CL: handled by xa (and the province's administrator).
READ_REC = READ_BRIEFING
API_READ = {**READ_BRIEFING, "anonymous": 401}
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
TASK = {
    "code": "MX-1",
    "title": "Nhiệm vụ",
    "lead": "P-CL-CB1",
    "start_date": "2026-04-10",
    "deadline": "2026-06-30",
}


class TestBriefingAndRecommendationPermissions(PermissionMatrix):
    routes = [
        Page("tasks:calendar", expect=READ_ALL),
        Page("tasks:briefings", expect=READ_ALL),
        Page("tasks:briefing", args=("{briefing}",), expect=READ_BRIEFING),
        Page(
            "tasks:briefing_create",
            post={"chair": "T-DT", "held_on": "10/04/2026", "agenda": "Giao ban"},
            expect={"anonymous": 302, "xa": 422, "chibo": 422, "lanhdao": 403, "tinhuy": 302},
        ),
        Page(
            "tasks:conclusion_assign",
            args=("{briefing}", 1),
            post={"code": "GB-1", "title": "x", "lead": "P-CL", "start_date": "10/04/2026"},
            # The form needs the assigning unit's id: tinhuy gets it refused as a bad form.
            expect={"anonymous": 302, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 422},
        ),
        Page("tasks:recommendations", expect=READ_ALL),
        Page("tasks:recommendation", args=("{rec}",), expect=READ_REC),
        Page(
            "tasks:recommendation_create",
            post={"unit": "P-CL", "title": "Khó khăn", "text": "Thiếu kinh phí"},
            expect={"anonymous": 302, "xa": 302, "chibo": 422, "lanhdao": 403, "tinhuy": 302},
        ),
        Page(
            "tasks:recommendation_answer",
            args=("{rec}",),
            post={"text": "Đã giải quyết"},
            expect={"anonymous": 302, "xa": 302, "chibo": 404, "lanhdao": 403, "tinhuy": 302},
        ),
        Page(
            "tasks:recommendation_forward",
            args=("{rec}",),
            post={"text": "Đề nghị tỉnh"},
            expect={"anonymous": 302, "xa": 302, "chibo": 404, "lanhdao": 403, "tinhuy": 302},
        ),
        Page(
            "tasks:recommendation_assign",
            args=("{rec}",),
            post={"code": "KN-1", "title": "x", "lead": "P-CL-CB1", "start_date": "10/04/2026"},
            expect={"anonymous": 302, "xa": 422, "chibo": 404, "lanhdao": 403, "tinhuy": 422},
        ),
        Page("tasks:recommendation_file", args=("{rec}", "{file}"), expect=READ_REC),
        Api("get", "/api/v1/tasks/briefings", expect={**READ_ALL, "anonymous": 401}),
        Api("get", "/api/v1/tasks/briefings/{briefing}", expect=API_READ),
        Api(
            "post",
            "/api/v1/tasks/briefings",
            body={"chair": "P-CL", "held_on": "2026-04-10", "agenda": "Giao ban phường"},
            expect={"anonymous": 401, "xa": 201, "chibo": 422, "lanhdao": 403, "tinhuy": 201},
        ),
        Api(
            "post",
            "/api/v1/tasks/briefings/{briefing}/conclusions/1/assign",
            body={**TASK, "assigning": "T-DT"},
            expect={"anonymous": 401, "xa": 422, "chibo": 404, "lanhdao": 403, "tinhuy": 201},
        ),
        Api("get", "/api/v1/tasks/recommendations", expect={**READ_ALL, "anonymous": 401}),
        Api("get", "/api/v1/tasks/recommendations/{rec}", expect=API_READ),
        Api(
            "post",
            "/api/v1/tasks/recommendations",
            body={"unit": "P-CL", "title": "Khó khăn", "text": "Thiếu kinh phí"},
            expect={"anonymous": 401, "xa": 201, "chibo": 422, "lanhdao": 403, "tinhuy": 201},
        ),
        Api(
            "post",
            "/api/v1/tasks/recommendations/{rec}/answer",
            body={"text": "Đã giải quyết"},
            expect={"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 403, "tinhuy": 200},
        ),
        Api(
            "post",
            "/api/v1/tasks/recommendations/{rec}/forward",
            body={"text": "Đề nghị tỉnh"},
            expect={"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 403, "tinhuy": 200},
        ),
        Api(
            "post",
            "/api/v1/tasks/recommendations/{rec}/assign",
            body={**TASK, "assigning": "P-CL"},
            expect={"anonymous": 401, "xa": 201, "chibo": 404, "lanhdao": 403, "tinhuy": 201},
        ),
    ]

    def keys(self, cast):
        briefing = briefing_create(
            actor=cast.root,
            chair=cast.province,
            held_on=dt.date(2026, 4, 10),
            agenda="Giao ban quý I",
            participants=[cast.commune],
            conclusions=["Kết luận một"],
        )
        rec = recommendation_raise(
            actor=cast.root,
            unit=cast.cell,
            title="Thiếu kinh phí",
            text="Chi bộ thiếu kinh phí",
            files=[("anh.png", io.BytesIO(PNG))],
        )
        return {"briefing": briefing.pk, "rec": rec.pk, "file": rec.files.get().pk}

    def state(self, cast):
        return (
            list(Briefing.objects.values_list("pk", "agenda")),
            list(Conclusion.objects.values_list("pk", "task")),
            list(Recommendation.objects.values_list("pk", "state", "addressed_to")),
            RecommendationMessage.objects.count(),
        )
