"""Backups restore everything: data and uploaded files, checked before anything changes, all or nothing."""

import gzip
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from zhibu.core.models import AuditEntry
from zhibu.orgs.models import Member, Org
from zhibu.orgs.services import member_delete


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "meetings" / "2025").mkdir(parents=True)
    (settings.MEDIA_ROOT / "meetings" / "2025" / "会议记录.docx").write_bytes(b"PK\x03\x04 minutes")
    (settings.MEDIA_ROOT / "evidence.jpg").write_bytes(b"\xff\xd8\xff photo")
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_backup_restores_the_data_and_the_files(cast, media, tmp_path):
    target = tmp_path / "b.zip"
    call_command("backup", str(target))
    members, orgs, history = Member.objects.count(), Org.objects.count(), AuditEntry.objects.count()
    Member.all_objects.filter(pk=cast.plain_member.pk).delete()  # worse than a soft delete: gone
    member_delete(by=None, member=cast.other_member)
    (media / "evidence.jpg").unlink()
    (media / "stray.txt").write_text("written after the backup")

    call_command("restore", str(target))  # a dry run by default: nothing changes
    assert Member.objects.count() == members - 2 and not (media / "evidence.jpg").exists()

    call_command("restore", str(target), "--yes")
    assert Member.objects.count() == members and Org.objects.count() == orgs
    assert AuditEntry.objects.count() == history
    restored = Member.objects.get(pk=cast.plain_member.pk)
    assert restored.id_number == cast.plain_member.id_number and restored.org_path == cast.branch.path
    assert (media / "evidence.jpg").read_bytes() == b"\xff\xd8\xff photo"
    assert (media / "meetings" / "2025" / "会议记录.docx").read_bytes() == b"PK\x03\x04 minutes"
    assert not (media / "stray.txt").exists()
    (kept,) = media.parent.glob("media.before-*")  # nothing is lost: the folder it replaced is kept
    assert (kept / "stray.txt").read_text() == "written after the backup"


@pytest.mark.django_db(transaction=True)
def test_a_tampered_backup_changes_nothing(cast, media, tmp_path):
    good = tmp_path / "good.zip"
    call_command("backup", str(good))
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, b"\xff\xd8\xff swapped" if item.filename == "media/evidence.jpg" else data)
    Member.all_objects.filter(pk=cast.plain_member.pk).delete()
    with pytest.raises(CommandError, match="evidence.jpg 与清单的校验值不符"):
        call_command("restore", str(bad), "--yes")
    assert not Member.objects.filter(pk=cast.plain_member.pk).exists()
    assert (media / "evidence.jpg").read_bytes() == b"\xff\xd8\xff photo"


def test_a_name_leaving_the_media_folder_is_refused(db, media, tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("data.json", "[]")
        zf.writestr("media/../../escaped.txt", "x")
        zf.writestr("manifest.json", json.dumps({"format": "zhibu-backup", "version": 1, "data_sha256": "",
                                                 "files": {}}))
    with pytest.raises(CommandError, match="不应出现的文件名"):
        call_command("restore", str(evil), "--yes")
    assert not (tmp_path / "escaped.txt").exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_earlier_format_still_restores(cast, tmp_path):
    legacy = tmp_path / "old.json.gz"
    with gzip.open(legacy, "wt", encoding="utf-8") as out:
        call_command("dumpdata", exclude=["contenttypes", "auth.permission", "sessions", "admin.logentry"],
                     natural_foreign=True, stdout=out, verbosity=0)
    members = Member.objects.count()
    Member.all_objects.filter(pk=cast.plain_member.pk).delete()
    call_command("restore", str(legacy), "--yes")
    assert Member.objects.count() == members


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bad = tmp_path / "x.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(CommandError, match="不是有效的备份文件"):
        call_command("restore", str(bad), "--yes")


def test_backup_wants_a_zip_name(tmp_path):
    with pytest.raises(CommandError, match=r"\.zip"):
        call_command("backup", str(tmp_path / "b.json.gz"))
