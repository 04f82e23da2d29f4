"""Roster Excel template, import (upload → preview → confirm) and export. (Being built.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def roster_template(request):
    return HttpResponse(status=501)


@login_required
def roster_import(request):
    return HttpResponse(status=501)


@login_required
def roster_preview(request, token: str):
    return HttpResponse(status=501)


@login_required
def roster_export(request):
    return HttpResponse(status=501)
