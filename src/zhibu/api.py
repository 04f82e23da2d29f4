"""The JSON API: django-ninja, OpenAPI at /api/openapi.json, docs at /api/docs."""

from django.http import HttpRequest
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError as RequestInvalid
from ninja.security import HttpBearer, django_auth

from zhibu.core.services import token_authenticate


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="zhibu API",
    version="1",
    description="支部 — 党组织、党员与支部工作记录的接口。所有接口均按调用者的组织范围过滤，范围外的对象返回 404。",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    # The page's JS and CSS come from ninja's own static files; no validator badge from swagger.io either.
    docs=Swagger(settings={"validatorUrl": None}),
)

# What pydantic says of a request that does not fit an endpoint's schema, in the API's Chinese error shape.
_PROBLEMS = {
    "missing": "缺少此项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文本",
    "date_from_datetime_parsing": "应为日期，如 2025-06-20",
    "date_parsing": "应为日期，如 2025-06-20",
    "datetime_parsing": "应为时间，如 2025-06-20T14:30:00+08:00",
    "enum": "不是可选的值",
    "literal_error": "不是可选的值",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "json_invalid": "不是有效的 JSON",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
}


@api.exception_handler(RequestInvalid)
def request_invalid(request: HttpRequest, exc: RequestInvalid):
    """422 with `detail` and `errors` by field, like every refusal of a write, instead of pydantic's English."""
    errors: dict[str, list[str]] = {}
    for e in exc.errors:
        loc = [str(part) for part in e.get("loc", ()) if part not in ("body", "query", "path", "payload", "form")]
        field = ".".join(loc) or "__all__"
        problem = _PROBLEMS.get(e.get("type", ""), "格式不正确")
        errors.setdefault(field, []).append(f"“{field}”{problem}" if field != "__all__" else f"请求{problem}")
    detail = "请求数据不正确：" + "；".join(m for ms in errors.values() for m in ms)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


from zhibu.assessment.api import router as assessment_router  # noqa: E402
from zhibu.careers.api import router as careers_router  # noqa: E402
from zhibu.cobuild.api import router as cobuild_router  # noqa: E402
from zhibu.dashboard.api import router as dashboard_router  # noqa: E402
from zhibu.gradmail.api import router as gradmail_router  # noqa: E402
from zhibu.ingest.api import router as ingest_router  # noqa: E402
from zhibu.integration.api import router as integration_router  # noqa: E402
from zhibu.meetings.api import router as meetings_router  # noqa: E402
from zhibu.meetings.api_compliance import router as compliance_router  # noqa: E402
from zhibu.methods.api import router as methods_router  # noqa: E402
from zhibu.orgs.api import router as orgs_router  # noqa: E402
from zhibu.publishing.api import router as publishing_router  # noqa: E402
from zhibu.strengths.api import router as strengths_router  # noqa: E402

api.add_router("/", orgs_router)
api.add_router("/", meetings_router)
api.add_router("/", compliance_router)
api.add_router("/", cobuild_router)
api.add_router("/", integration_router)
api.add_router("/", methods_router)
api.add_router("/", careers_router)
api.add_router("/", gradmail_router)
api.add_router("/", assessment_router)
api.add_router("/", strengths_router)
api.add_router("/", publishing_router)
api.add_router("/", ingest_router)
api.add_router("/", dashboard_router)
