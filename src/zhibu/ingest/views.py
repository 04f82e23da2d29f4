"""Report ingest pages: upload (or paste) a report, review what was read — the source with every
extracted field highlighted, spam findings first — correct it, and confirm to create the records."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.orgs import selectors as org_selectors

from . import services
from .forms import AgendaFormSet, AttendeeFormSet, PillarFormSet, ReportForm, UploadForm
from .reading import Source, UnreadableReport, read_upload
from .review import analyse, grouped, initial, pieces, preferred_org
from .selectors import managed_orgs

FORM_KEYS = {"chair": "chair_name", "attendees": None, "agenda": None, "pillars": None, "name": "method_name",
             "method_name": "method_name", "case_title": "case_title", "organizer_units": "organizer_units"}


def _source_from_text(text: str, name: str = "粘贴的文字") -> Source:
    """Pasted text, or the text of the review form when it is shown again: read as plain text."""
    stem = Path(name).stem or "粘贴的文字"
    upload = SimpleUploadedFile(f"{stem}.txt", text.encode("utf-8"))
    return read_upload(upload, known_names=org_selectors.org_official_names())


def _review_context(request, source: Source, orgs, *, form=None, attendees=None, agenda=None, pillars=None) -> dict:
    extraction = analyse(source)
    if form is None:
        data = initial(extraction, org_code=preferred_org(orgs, extraction.event["organizer_units"]))
        form = ReportForm(initial={**data["form"], "source": source.text, "source_name": source.name}, orgs=orgs)
        attendees = AttendeeFormSet(initial=data["attendees"], prefix="att")
        agenda = AgendaFormSet(initial=data["agenda"], prefix="agenda")
        pillars = PillarFormSet(initial=data["pillars"], prefix="pillar")
    return {
        "source": source, "extraction": extraction, "form": form, "attendees": attendees, "agenda": agenda,
        "pillars": pillars, "pieces": pieces(source.text, extraction.spans, source.spam_findings),
        "findings": source.findings, "grouped_findings": grouped(source.findings), "spam_units": extraction.spam_units, "orgs": orgs,
    }


def _orgs_or_403(user) -> list:
    orgs = managed_orgs(user)
    if not orgs:
        raise PermissionDenied("您没有可以登记记录的组织（需要书记、支委或组织管理员权限）")
    return orgs


@login_required
def index(request):
    orgs = _orgs_or_403(request.user)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                if form.cleaned_data.get("file"):
                    source = read_upload(form.cleaned_data["file"], known_names=org_selectors.org_official_names())
                else:
                    source = _source_from_text(form.cleaned_data["text"])
            except UnreadableReport as exc:
                form.add_error("file" if form.cleaned_data.get("file") else "text", str(exc))
            else:
                return render(request, "ingest/review.html", _review_context(request, source, orgs))
    else:
        form = UploadForm()
    return render(request, "ingest/upload.html", {"form": form, "orgs": orgs})


def _rows(formset, keys):
    """The filled rows' cleaned data (a row counts when any of `keys` is filled)."""
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and any(f.cleaned_data.get(k) for k in keys)]


@login_required
@require_POST
def confirm(request):
    orgs = _orgs_or_403(request.user)
    form = ReportForm(request.POST, orgs=orgs)
    attendees = AttendeeFormSet(request.POST, prefix="att")
    agenda = AgendaFormSet(request.POST, prefix="agenda")
    pillars = PillarFormSet(request.POST, prefix="pillar")
    valid = all([form.is_valid(), attendees.is_valid(), agenda.is_valid(), pillars.is_valid()])
    if valid:
        data = form.cleaned_data
        org = data.get("org_obj")
        if org is None:
            form.add_error("org", "请选择您有管理权限的组织")
        else:
            report = services.Report(
                kind=data["kind"], title=data["title"], starts_at=data["starts_at"], ends_at=data["ends_at"],
                place=data["place"], organizer_units=data["organizer_units"],
                chair=services.PersonRow(data["chair_name"], data["chair_unit"], data["chair_title"])
                if data["chair_name"] else None,
                attendees=[services.PersonRow(r["name"] or "", r["unit"] or "", r["title"] or "")
                           for r in _rows(attendees, ("name", "unit", "title"))],
                agenda=[services.AgendaEntry(r["title"] or "", r["presenter"] or "")
                        for r in _rows(agenda, ("title", "presenter"))],
                method_name=data["method_name"], case_title=data["case_title"], minutes=data["minutes"],
                pillars=[services.PillarEntry(r["count"], r["label"] or "", r["items"] or [], r.get("measure") or "")
                         for r in _rows(pillars, ("count", "label", "items"))],
            )
            try:
                recorded = services.report_record(by=request.user, org=org, report=report)
            except PermissionDenied as exc:
                form.add_error("org", str(exc))
            except ValidationError as exc:
                _apply(form, exc)
            else:
                note = f"已登记“{recorded.meeting.title}”"
                if recorded.method is not None:
                    note += f"，并建立了“{recorded.method.name}”工作法和案例草稿"
                messages.success(request, note + "。")
                return redirect(recorded.meeting.get_absolute_url())
    source = Source(form.data.get("source_name") or "报道", "text", form.data.get("source") or "")
    try:
        source = _source_from_text(source.text, source.name) if source.text.strip() else source
    except UnreadableReport:
        pass
    context = _review_context(request, source, orgs, form=form, attendees=attendees, agenda=agenda, pillars=pillars)
    return render(request, "ingest/review.html", context, status=400)


def _apply(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    renamed = {}
    for key, msgs in exc.message_dict.items():
        target = FORM_KEYS.get(key, key)
        if target not in form.fields:
            target = None
        renamed.setdefault(target, []).extend(msgs)
    for key, msgs in renamed.items():
        form.add_error(key, msgs)
