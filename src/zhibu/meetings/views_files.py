"""Attachments (upload, view, remove) and the Word export of the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from . import selectors, services
from .docx_export import minutes_docx, minutes_filename
from .models import Attachment
from .views import _require_manage

INLINE_KINDS = {Attachment.Kind.IMAGE}  # PDFs and Word files download: a sandboxed PDF viewer would not render


@login_required
@require_POST
def attachment_upload(request, meeting_id: int):
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    _require_manage(request.user, meeting.org_path)
    uploads = request.FILES.getlist("files")
    if not uploads:
        messages.error(request, "请选择要上传的文件")
        return redirect(meeting)
    try:
        with transaction.atomic():
            for upload in uploads:
                services.attachment_add(by=request.user, meeting=meeting, upload=upload)
    except ValidationError as exc:
        messages.error(request, "附件未上传：" + ";".join(exc.messages))
    else:
        messages.success(request, f"已上传{len(uploads)}个附件")
    return redirect(f"{meeting.get_absolute_url()}#attachments")


@login_required
def attachment_file(request, meeting_id: int, attachment_id: int):
    attachment = selectors.attachment_get_for_user(user=request.user, meeting_id=meeting_id,
                                                   attachment_id=attachment_id)
    try:
        handle = default_storage.open(attachment.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("附件文件已丢失") from exc
    response = FileResponse(handle, content_type=attachment.content_type,
                            as_attachment=attachment.kind not in INLINE_KINDS, filename=attachment.original_name)
    # Shown inline only as what its content was checked to be; never as a page that could run script.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def attachment_remove(request, meeting_id: int, attachment_id: int):
    attachment = selectors.attachment_get_for_user(user=request.user, meeting_id=meeting_id,
                                                   attachment_id=attachment_id)
    _require_manage(request.user, attachment.meeting.org_path)
    services.attachment_remove(by=request.user, attachment=attachment)
    messages.success(request, f"已删除附件“{attachment.original_name}”")
    return redirect(f"{attachment.meeting.get_absolute_url()}#attachments")


@login_required
def meeting_export_docx(request, meeting_id: int):
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id, detail=True)
    response = HttpResponse(
        minutes_docx(meeting),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition_header(True, minutes_filename(meeting))
    return response
