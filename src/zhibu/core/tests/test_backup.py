import pytest
from django.core.management import CommandError, call_command

from zhibu.core.models import AuditEntry
from zhibu.orgs.models import Member, Org
from zhibu.orgs.services import member_delete


@pytest.mark.django_db(transaction=True)
def test_backup_restores_what_was_lost(cast, tmp_path):
    target = tmp_path / "b.json.gz"
    call_command("backup", str(target))
    members, orgs, history = Member.objects.count(), Org.objects.count(), AuditEntry.objects.count()
    Member.all_objects.filter(pk=cast.plain_member.pk).delete()  # worse than a soft delete: gone
    member_delete(by=None, member=cast.other_member)
    call_command("restore", str(target))  # a dry run by default: nothing changes
    assert Member.objects.count() == members - 2
    call_command("restore", str(target), "--yes")
    assert Member.objects.count() == members and Org.objects.count() == orgs
    assert AuditEntry.objects.count() == history
    restored = Member.objects.get(pk=cast.plain_member.pk)
    assert restored.id_number == cast.plain_member.id_number and restored.org_path == cast.branch.path


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bad = tmp_path / "x.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(CommandError, match="不是有效的备份文件"):
        call_command("restore", str(bad), "--yes")
