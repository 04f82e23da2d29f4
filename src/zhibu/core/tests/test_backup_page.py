"""The backups page: superusers only (others: 404), a backup made from the page is a full one, downloads only
by a listed name."""

import io
import json
import zipfile

import pytest


@pytest.fixture
def home(settings, tmp_path):
    settings.ZHIBU_HOME = tmp_path / "home"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "minutes.docx").write_bytes(b"PK\x03\x04 minutes")
    (tmp_path / "home").mkdir()
    (tmp_path / "secret.zip").write_bytes(b"not yours")
    return settings.ZHIBU_HOME


def test_a_superuser_backs_up_from_the_page_and_downloads_it(cast, login, home):
    admin = login(cast.admin)
    assert "还没有备份" in admin.get("/backups/").content.decode()
    made = admin.post("/backups/new/", follow=True)
    page = made.content.decode()
    assert "已备份：zhibu-" in page and "1个文件" in page
    (name,) = [p.name for p in (home / "backups").iterdir()]
    response = admin.get(f"/backups/{name}")
    assert response.status_code == 200 and name in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert list(manifest["files"]) == ["minutes.docx"] and manifest["rows"] > 10
        assert zf.read("media/minutes.docx") == b"PK\x03\x04 minutes"


def test_only_listed_names_download(cast, login, home):
    admin = login(cast.admin)
    for name in ("../secret.zip", "..%2Fsecret.zip", "zhibu-none.zip", "secret.zip"):
        assert admin.get(f"/backups/{name}").status_code == 404, name


def test_the_page_is_for_superusers_only(cast, login, home):
    for user in (cast.organiser, cast.secretary, cast.reviewer):
        client = login(user)
        assert client.get("/backups/").status_code == 404
        assert client.post("/backups/new/").status_code == 404
    assert not (home / "backups").exists()
