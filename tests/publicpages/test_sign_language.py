"""/gebaerdensprache/: a clear notice while there are no videos; published videos
with their captions, served from our own address (the CSP allows no other)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from kivoucher.publicpages.models import SignLanguageVideo

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nWillkommen\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _video(*, published=True, captions=True, **fields) -> SignLanguageVideo:
    video = SignLanguageVideo(
        title=fields.pop("title", "Willkommen"),
        description=fields.pop("description", "Wir erklären das Programm."),
        published=published,
        **fields,
    )
    video.video.save("welcome.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    if captions:
        video.captions.save("welcome.vtt", ContentFile(VTT), save=False)
    video.save()
    return video


def test_without_videos_the_page_says_so(client):
    html = client.get(reverse("gebaerdensprache"), **EN).content.decode()
    assert "There are no videos in German Sign Language yet." in html
    assert "<video" not in html
    assert f'href="{reverse("feedback-report")}"' in html


def test_published_videos_are_shown_in_order_with_captions_and_text(client):
    second = _video(title="Zweites Video", position=2)
    first = _video(title="Erstes Video", title_en="First video", position=1, captions=False)
    _video(title="Entwurf", published=False)
    html = client.get(reverse("gebaerdensprache"), **EN).content.decode()
    assert "There are no videos" not in html
    assert html.index("First video") < html.index("Zweites Video")
    assert "Entwurf" not in html
    assert f'src="{reverse("gebaerdensprache-video", args=[first.pk])}"' in html
    assert f'src="{reverse("gebaerdensprache-captions", args=[second.pk])}"' in html
    assert reverse("gebaerdensprache-captions", args=[first.pk]) not in html
    assert "Wir erklären das Programm." in html
    german = client.get(reverse("gebaerdensprache")).content.decode()
    assert "Erstes Video" in german and "First video" not in german


def test_video_and_captions_are_served_with_their_media_types(client):
    video = _video()
    response = client.get(reverse("gebaerdensprache-video", args=[video.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x00\x18ftyp")
    captions = client.get(reverse("gebaerdensprache-captions", args=[video.pk]))
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert b"".join(captions.streaming_content) == VTT


def test_unpublished_unknown_and_missing_files_are_not_found(client, media):
    draft = _video(published=False)
    without_captions = _video(captions=False)
    gone = _video()
    (media / gone.video.name).unlink()
    for name, pk in (
        ("gebaerdensprache-video", draft.pk),
        ("gebaerdensprache-captions", draft.pk),
        ("gebaerdensprache-video", 999_999),
        ("gebaerdensprache-captions", without_captions.pk),
        ("gebaerdensprache-video", gone.pk),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404, (name, pk)


def test_only_video_and_caption_files_are_accepted():
    from django.core.exceptions import ValidationError

    video = SignLanguageVideo(title="x", description="y")
    video.video.name = "sign-language/evil.html"
    video.captions.name = "sign-language/evil.svg"
    with pytest.raises(ValidationError) as error:
        video.full_clean()
    assert set(error.value.message_dict) == {"video", "captions"}
