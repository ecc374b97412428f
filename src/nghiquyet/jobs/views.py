"""The page that follows a background import: a progress bar polled by htmx, then the result."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from nghiquyet.jobs.selectors import visible_to
from nghiquyet.web.htmx import HtmxHttpRequest, render_partial


@login_required
def import_job(request: HtmxHttpRequest, pk: int) -> TemplateResponse:
    """Progress of one of the user's own import jobs (404 for anyone else's). Until it ends,
    the status region asks for itself again every 2 s (htmx); then it shows the change summary
    per sheet, or every bad cell with nothing saved."""
    job = get_object_or_404(visible_to(request.user), pk=pk)
    return render_partial(request, "jobs/import_job.html", {"job": job}, partial="status")
