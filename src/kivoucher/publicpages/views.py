"""The legal and information pages of the public face (issue 19): Impressum,
privacy notice, accessibility statement, Leichte Sprache and German Sign Language.

Everything the pages say about the operator comes from `LegalDetails` (the Django
admin), every period from the settings that enforce it (`retention_facts`)."""

import mimetypes
from pathlib import PurePath

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kivoucher.core.site import site_url
from kivoucher.publicpages.checked_pages import CHECKED_PAGES
from kivoucher.publicpages.models import SignLanguageVideo
from kivoucher.publicpages.selectors import (
    checked_page_groups,
    legal_details_get,
    retention_facts,
    sign_language_video_get_published,
    sign_language_videos_published,
)

MEDIA_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".vtt": "text/vtt; charset=utf-8"}


@require_safe
def impressum(request):
    return render(request, "publicpages/impressum.html", {"details": legal_details_get()})


@require_safe
def datenschutz(request):
    return render(
        request,
        "publicpages/datenschutz.html",
        {"details": legal_details_get(), "facts": retention_facts()},
    )


@require_safe
def barrierefreiheit(request):
    return render(
        request,
        "publicpages/barrierefreiheit.html",
        {
            "details": legal_details_get(),
            "facts": retention_facts(),
            "groups": checked_page_groups(),
            "checked_count": len(CHECKED_PAGES),
            "site": site_url(),
            "has_videos": sign_language_videos_published().exists(),
        },
    )


@require_safe
def leichte_sprache(request):
    return render(request, "publicpages/leichte_sprache.html", {"details": legal_details_get()})


@require_safe
def gebaerdensprache(request):
    return render(
        request,
        "publicpages/gebaerdensprache.html",
        {"videos": list(sign_language_videos_published()), "details": legal_details_get()},
    )


def _serve(field) -> FileResponse:
    if not field:
        raise Http404
    suffix = PurePath(field.name).suffix.lower()
    content_type = MEDIA_TYPES.get(suffix) or mimetypes.guess_type(field.name)[0]
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type=content_type or "application/octet-stream")


@require_safe
def sign_language_video(request, pk: int):
    try:
        video = sign_language_video_get_published(pk=pk)
    except SignLanguageVideo.DoesNotExist as exc:
        raise Http404 from exc
    return _serve(video.video)


@require_safe
def sign_language_captions(request, pk: int):
    try:
        video = sign_language_video_get_published(pk=pk)
    except SignLanguageVideo.DoesNotExist as exc:
        raise Http404 from exc
    return _serve(video.captions)
