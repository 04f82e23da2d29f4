"""报道导入的接口：读取一篇会议报道，返回与 `zhibu ingest --json` 相同的 JSON（不写入任何记录）。"""

from django.http import HttpRequest
from ninja import File, Router
from ninja.errors import HttpError
from ninja.files import UploadedFile

from zhibu.core.pagination import ErrorOut
from zhibu.orgs.selectors import org_official_names

from .extract import extract
from .reading import UnreadableReport, read_upload
from .selectors import managed_orgs

router = Router(tags=["报道导入"])


@router.post("/ingest/extract", response={200: dict, 400: ErrorOut, 403: ErrorOut},
             summary="读取会议报道（.txt、.html、.docx），返回提取结果与植入内容检查结果")
def extract_report(request: HttpRequest, file: File[UploadedFile]):
    if not managed_orgs(request.user):
        raise HttpError(403, "您没有可以登记记录的组织（需要书记、支委或组织管理员权限）")
    try:
        source = read_upload(file, known_names=org_official_names())
    except UnreadableReport as exc:
        raise HttpError(400, str(exc)) from None
    return extract(source.text, source.text_findings).to_json(source.findings)
