"""A background export's pages: its progress (polled by htmx while it runs), then its
file. Only the job's owner sees either; anyone else is refused (403)."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .lists.exports import CONTENT_TYPES
from .models import ExportJob


def _own_job(request: HttpRequest, pk: int) -> ExportJob:
    job = get_object_or_404(ExportJob, pk=pk)
    if job.owner_id != request.user.pk:
        raise PermissionDenied("This export is another user's.")
    return job


@require_GET
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's state and progress; htmx asks for the status part alone while it runs."""
    job = _own_job(request, pk)
    template = "summits/export_job.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#status"
    return render(request, template, {"job": job})


@require_GET
def export_job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The finished file, to its owner; gone (404) before it is written or once expired."""
    job = _own_job(request, pk)
    if job.state != ExportJob.State.DONE:
        raise Http404("This export has no file to download.")
    try:
        file = job.path.open("rb")
    except FileNotFoundError:
        raise Http404("This export's file has been deleted.") from None
    return FileResponse(
        file, as_attachment=True, filename=job.filename, content_type=CONTENT_TYPES[job.format]
    )
