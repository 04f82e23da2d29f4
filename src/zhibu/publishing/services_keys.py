"""After a key rotation: re-sign every published version with the current key.

Each version is verified first with the key it was signed with (the current key or one of
ZHIBU_PUBLISHING_OLD_KEYS, picked by its key id); only a version that verifies is re-signed, so a tampered
snapshot never gets a fresh signature. The ones that do not verify are refused and listed. Once every
version carries the current key, the old keys can be removed from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from zhibu.core.audit import audit_record
from zhibu.core.models import AuditEntry
from zhibu.core.progress import ProgressCallback

from . import signing
from .models import Publication


@dataclass
class ResignResult:
    key_id: str
    resigned: int = 0
    current: int = 0
    refused: list[tuple[Publication, str]] = field(default_factory=list)


def publications_resign(
    *, by=None, dry_run: bool = False, progress: ProgressCallback | None = None, chunk_size: int = 500
) -> ResignResult:
    """Re-sign the versions not signed with the current key; dry_run only counts and lists."""
    ring, current = signing.keyring(), signing.current_key_id()
    result = ResignResult(key_id=current, current=Publication.objects.filter(key_id=current).count())
    qs = Publication.objects.exclude(key_id=current).select_related("article").order_by("pk")
    total = qs.count()
    if progress:
        progress(0, total)
    for done, pub in enumerate(qs.iterator(chunk_size=chunk_size), start=1):
        verdict = signing.verify(pub, ring=ring)
        if not verdict:
            result.refused.append((pub, verdict.reason))
        elif not dry_run:
            _resign(pub, by=by)
            result.resigned += 1
        else:
            result.resigned += 1
        if progress:
            progress(done, total)
    return result


@transaction.atomic
def _resign(pub: Publication, *, by) -> None:
    old = pub.key_id
    pub.signature, pub.key_id = signing.resign(pub)
    pub._repair = True
    pub.save(update_fields=["signature", "key_id"])
    audit_record(
        actor=by,
        obj=pub,
        action=AuditEntry.Action.UPDATE,
        org_path=pub.org_path,
        changes={"key_id": [old, pub.key_id]},
        note=f"换用当前密钥重新签名（原密钥 {old}）",
    )
