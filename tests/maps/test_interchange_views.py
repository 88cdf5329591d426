"""The import page and the export downloads: who may use them, what they answer."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings

from argmap.interchange import native
from argmap.maps.models import Map
from tests.factories import build_map
from tests.interchange.test_aif import sample
from tests.interchange.test_fuzz import ARGDOWN_SEED, mutated_text
from tests.maps.test_imports import row_counts

pytestmark = pytest.mark.django_db

URL = "/maps/import/"
XSS = "<script>alert(1)</script>"


def test_import_page_asks_anonymous_visitors_to_log_in(anon_client: Client) -> None:
    assert anon_client.get(URL).status_code == 302
    before = row_counts()
    response = anon_client.post(URL, {"text": ARGDOWN_SEED, "format": "argdown"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert row_counts() == before


def test_import_page_shows_the_form(ada_client: Client) -> None:
    page = ada_client.get(URL)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    assert "Kialo text export" in page.text


def test_pasted_argdown_becomes_a_map_of_mine(ada_client: Client, ada: User) -> None:
    response = ada_client.post(URL, {"text": ARGDOWN_SEED, "format": "auto", "title": ""})
    made = Map.objects.get(owner=ada)
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    page = ada_client.get(response["Location"])
    assert "Imported “Surrender”" in page.text and "contradiction" in page.text


MANY_NOTES = """===
title: Many notes
color: red
question: [a, b]
===

# A heading

[A]: a #tag
  + [B]: b {x: 1}
  >< [C]: c
  _ [D]: d

[A]: another text

<Arg>: desc {y: 2}

(1) p
-- rule {z: 3} --
(2) q
  - [E]: e see https://example.org/x

[F]: f
  + [F]
"""


def test_import_page_shows_every_note_of_the_report(ada_client: Client) -> None:
    response = ada_client.post(URL, {"text": MANY_NOTES, "format": "argdown"}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == "Imported “Many notes”."
    assert len(shown) == 13 and all(" × " in note for note in shown[1:])
    assert "1 × headings are not kept (argmap has no sections): line 7" in shown


def test_uploaded_file_is_imported_in_the_format_its_name_says(ada_client: Client) -> None:
    upload = SimpleUploadedFile("map.argdown", ARGDOWN_SEED.encode(), "text/plain")
    response = ada_client.post(URL, {"file": upload, "format": "auto"})
    assert response.status_code == 302


def test_bad_file_is_shown_again_with_its_line_escaped_and_nothing_saved(
    ada_client: Client,
) -> None:
    before = row_counts()
    bad = f"[A]: fine\n\n[B]: x {{kind: '{XSS}'}}\n"
    response = ada_client.post(URL, {"text": bad, "format": "argdown"})
    assert response.status_code == 422
    assert "line 3" in response.text and "kind must be one of" in response.text
    assert XSS not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert row_counts() == before


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"format": "argdown"}, "Upload a file or paste the text"),
        ({"format": "argdown", "text": "x", "file": ("a.txt", b"x")}, "not both"),
        ({"format": "auto", "file": ("a.json", b"\xff\xfe\x00")}, "not UTF-8"),
        ({"format": "kialo", "text": "Hello"}, "line 1"),
        ({"format": "json", "text": "{"}, "not valid JSON"),
    ],
)
def test_unusable_imports_answer_422_with_a_reason(
    ada_client: Client, data: dict[str, object], says: str
) -> None:
    if "file" in data:
        name, content = data["file"]  # type: ignore[misc]
        data = {**data, "file": SimpleUploadedFile(name, content)}
    response = ada_client.post(URL, data)
    assert response.status_code == 422 and says in response.text


def test_file_over_the_limit_is_refused_before_it_is_read(
    ada_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argmap import interchange

    monkeypatch.setattr(interchange, "DEFAULT_LIMITS", interchange.Limits(max_bytes=10))
    upload = SimpleUploadedFile("big.argdown", b"[A]: a long statement")
    response = ada_client.post(URL, {"file": upload, "format": "auto"})
    assert response.status_code == 422 and "larger than 10 bytes" in response.text


def test_import_page_never_errors_and_never_imports_partly(ada_client: Client) -> None:
    seeds = [ARGDOWN_SEED, native.write(sample()).text]
    statuses: set[int] = set()

    @settings(max_examples=30, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(mutated_text(seeds))
    def check(text: str) -> None:
        before = row_counts()
        response = ada_client.post(URL, {"text": text, "format": "auto"})
        statuses.add(response.status_code)
        assert response.status_code in (302, 422)
        if response.status_code == 422:
            assert row_counts() == before

    check()
    assert statuses == {302, 422}


# --- export ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("format", "content_type", "ending"),
    [
        ("argdown", "text/plain; charset=utf-8", ".argdown"),
        ("aif", "application/json; charset=utf-8", ".aif.json"),
        ("ova", "application/json; charset=utf-8", ".ova.json"),
        ("json", "application/json; charset=utf-8", ".argmap.json"),
    ],
)
def test_public_map_downloads_in_each_format(
    anon_client: Client, format: str, content_type: str, ending: str, demo: Map
) -> None:
    response = anon_client.get(f"/maps/{demo.pk}/export/{format}/")
    assert response.status_code == 200 and response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith(f'{ending}"')
    assert "why-did-japan-surrender-in-august-1945" in disposition


def test_unknown_export_format_is_404(anon_client: Client, demo: Map) -> None:
    assert anon_client.get(f"/maps/{demo.pk}/export/docx/").status_code == 404
    assert anon_client.get(f"/maps/{demo.pk}/export/kialo/").status_code == 404


def test_private_map_exports_only_to_its_owner(
    ada: User, ada_client: Client, ben_client: Client, anon_client: Client
) -> None:
    private = build_map(ada, nodes=6)
    for url in (f"/maps/{private.pk}/export/json/", f"/maps/{private.pk}/export/"):
        assert ada_client.get(url).status_code == 200
        assert ben_client.get(url).status_code == 404
        assert anon_client.get(url).status_code == 404


def test_export_page_lists_what_each_format_drops(anon_client: Client, demo: Map) -> None:
    page = anon_client.get(f"/maps/{demo.pk}/export/")
    assert page.status_code == 200
    assert "Keeps everything in this map." in page.text
    assert "Not kept in AIF JSON (AIFdb):" in page.text and "date of 57 statements" in page.text


def test_map_page_links_the_exports_and_the_list_links_the_import(
    ada_client: Client, anon_client: Client, demo: Map
) -> None:
    page = anon_client.get(demo.get_absolute_url())
    assert f'href="/maps/{demo.pk}/export/argdown/"' in page.text
    assert f'href="/maps/{demo.pk}/export/"' in page.text
    assert 'href="/maps/import/"' in ada_client.get("/maps/").text
    assert 'href="/maps/import/"' not in anon_client.get("/maps/").text


def test_exports_carry_user_text_as_data_not_markup(ada: User, ada_client: Client) -> None:
    text = f"[T]: {XSS} {{kind: thesis}}\n"
    ada_client.post(URL, {"text": text, "format": "argdown", "title": XSS})
    made = Map.objects.get(owner=ada)
    page = ada_client.get(f"/maps/{made.pk}/export/")
    assert XSS not in page.text and "&lt;script&gt;" in page.text
    download = ada_client.get(f"/maps/{made.pk}/export/json/")
    assert download["Content-Type"].startswith("application/json")
    assert download["X-Content-Type-Options"] == "nosniff"
