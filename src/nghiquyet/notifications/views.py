"""Pages of the user's notifications: the list (marked read one by one or all at once) and the
e-mail preference. Each user sees only their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from nghiquyet.notifications import selectors, services
from nghiquyet.notifications.forms import PreferenceForm
from nghiquyet.web.pages import form_page

LIST_SIZE = 100


@login_required
def index(request: HttpRequest) -> HttpResponse:
    rows = selectors.notification_visible(request.user)[:LIST_SIZE]
    context = {"notifications": rows, "email_enabled": selectors.email_enabled(request.user)}
    return TemplateResponse(request, "notifications/index.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get(request.user, pk)
    if services.notification_mark_read(actor=request.user, notifications=[notification]):
        messages.success(request, "Đã đánh dấu thông báo là đã đọc.")
    return redirect(notification.url or reverse("notifications:index"))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    unread = list(selectors.notification_visible(request.user).filter(read_at__isnull=True))
    count = services.notification_mark_read(actor=request.user, notifications=unread)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("notifications:index")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    initial = {"email_enabled": selectors.email_enabled(request.user)}
    # An unticked box posts nothing: an empty POST is still a submission.
    data = request.POST if request.method == "POST" else None
    form = PreferenceForm(data, initial=initial)
    return form_page(
        request,
        form,
        "notifications/preferences.html",
        on_valid=lambda data: services.preference_update(
            actor=request.user, email_enabled=data["email_enabled"]
        ),
        success_url=reverse("notifications:index"),
        success_message="Đã lưu cách nhận thông báo.",
    )
